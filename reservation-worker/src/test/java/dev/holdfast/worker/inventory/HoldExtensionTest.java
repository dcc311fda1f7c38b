package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.worker.inventory.Outcome.Ignored;
import dev.holdfast.worker.inventory.Outcome.Rejected;
import dev.holdfast.worker.inventory.Outcome.Succeeded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HoldExtensionTest {

    private static final long EVENT = 8;
    private static final long ANA = 1;
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static EventInventory inventory(int maxHoldExtensions, Reservation... reservations) {
        StoredState nothingStored = new StoredState() {
            @Override
            public List<Reservation> dueHolds(String section) {
                return List.of();
            }

            @Override
            public List<WaitlistEntry> waitingEntries(String section) {
                return List.of();
            }
        };
        return new EventInventory(new EventInventory.Loaded(new EventRules(EVENT, 300, null, maxHoldExtensions), 0,
                List.of(new Section("floor", 5, 4, 1, 0)), List.of(reservations), List.of(), Map.of()), nothingStored,
                UUID::randomUUID);
    }

    private static Reservation heldUntil(Instant expiresAt) {
        return new Reservation(UUID.randomUUID(), EVENT, "floor", ANA, 1, ReservationStatus.HELD, UUID.randomUUID(),
                expiresAt, NOW.minusSeconds(100), null, null, null, null, 0, null);
    }

    private static ExtendCommand extend(Reservation reservation) {
        return new ExtendCommand(UUID.randomUUID(), EVENT, ANA, reservation.id(), NOW);
    }

    private static Rejection rejection(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    @Test
    void anExtensionMovesExpiresAtToTheBatchClockPlusTheHoldTime() {
        Reservation hold = heldUntil(NOW.plusSeconds(10));
        var inventory = inventory(2, hold);

        Applied applied = inventory.apply(extend(hold), NOW);
        Outcome outcome = applied.outcome();

        assertThat(outcome).isInstanceOfSatisfying(Succeeded.class, extended -> {
            assertThat(extended.reservation().expiresAt()).isEqualTo(NOW.plusSeconds(300));
            assertThat(extended.reservation().extensions()).isEqualTo(1);
        });
        assertThat(applied.changes()).singleElement().isInstanceOfSatisfying(ReservationExtended.class, extended ->
                assertThat(extended.expiresAt()).isEqualTo(NOW.plusSeconds(300)));
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 4, 1, 0));
    }

    @Test
    void aHoldIsExtendedAtMostMaxHoldExtensionsTimes() {
        Reservation hold = heldUntil(NOW.plusSeconds(10));
        var inventory = inventory(2, hold);

        assertThat(inventory.apply(extend(hold), NOW).outcome()).isInstanceOf(Succeeded.class);
        assertThat(inventory.apply(extend(hold), NOW).outcome()).isInstanceOf(Succeeded.class);

        assertThat(rejection(inventory.apply(extend(hold), NOW).outcome())).isEqualTo(Rejection.EXTENSION_LIMIT);
    }

    @Test
    void anEventWithoutExtensionsRefusesTheFirst() {
        Reservation hold = heldUntil(NOW.plusSeconds(10));

        assertThat(rejection(inventory(0, hold).apply(extend(hold), NOW).outcome())).isEqualTo(Rejection.EXTENSION_LIMIT);
    }

    @Test
    void aHoldPastItsExpiresAtCannotBeExtended() {
        Reservation hold = heldUntil(NOW.minusMillis(1));
        var inventory = inventory(2, hold);

        assertThat(rejection(inventory.apply(extend(hold), NOW).outcome())).isEqualTo(Rejection.HOLD_EXPIRED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 5, 0, 0));
    }

    @Test
    void aPurchasedHoldIsNotHeld() {
        Reservation hold = heldUntil(NOW.plusSeconds(10));
        var inventory = inventory(2, hold);
        inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), null, NOW), NOW).outcome();

        assertThat(rejection(inventory.apply(extend(hold), NOW).outcome())).isEqualTo(Rejection.NOT_HELD);
    }

    @Test
    void aReleaseAtTheOldExpiresAtLeavesAnExtendedHoldAlone() {
        Reservation hold = heldUntil(NOW.plusSeconds(10));
        var inventory = inventory(1, hold);
        inventory.apply(extend(hold), NOW).outcome();

        Instant oldExpiry = NOW.plusSeconds(10);
        assertThat(inventory.apply(ReleaseCommand.of(EVENT, hold.id(), oldExpiry), oldExpiry).outcome()).isInstanceOf(Ignored.class);
        Instant newExpiry = NOW.plusSeconds(300);
        assertThat(inventory.apply(ReleaseCommand.of(EVENT, hold.id(), newExpiry), newExpiry).outcome())
                .isInstanceOf(Succeeded.class);
    }
}
