package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.worker.inventory.Outcome.Ignored;
import dev.holdfast.worker.inventory.Outcome.Rejected;
import dev.holdfast.worker.inventory.Outcome.Succeeded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class EventInventoryTest {

    private static final long EVENT = 42;
    private static final long ANA = 1;
    private static final long BEN = 2;
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static EventInventory inventory(Integer maxPerUser, List<Reservation> reservations, Section... sections) {
        return inventory(maxPerUser, 0, List.of(sections), reservations, Map.of(),
                section -> reservations.stream().filter(r -> r.section().equals(section) && r.isDue(NOW)).toList());
    }

    private static EventInventory inventory(Integer maxPerUser, long lastSequence, List<Section> sections,
                                            List<Reservation> reservations, Map<Long, Integer> owned,
                                            Function<String, List<Reservation>> dueHolds) {
        StoredState stored = new StoredState() {
            @Override
            public List<Reservation> dueHolds(String section) {
                return dueHolds.apply(section);
            }

            @Override
            public List<WaitlistEntry> waitingEntries(String section) {
                return List.of();
            }
        };
        return new EventInventory(new EventInventory.Loaded(new EventRules(EVENT, 300, maxPerUser, 0), lastSequence,
                sections, reservations, List.of(), owned), stored, UUID::randomUUID);
    }

    private static Section fresh(String code, int capacity) {
        return new Section(code, capacity, capacity, 0, 0);
    }

    private static ReserveCommand reserve(long user, String section, int quantity) {
        return new ReserveCommand(UUID.randomUUID(), EVENT, user, section, quantity, NOW);
    }

    private static Reservation heldBy(long user, int quantity, Instant expiresAt) {
        return new Reservation(UUID.randomUUID(), EVENT, "floor", user, quantity, ReservationStatus.HELD,
                UUID.randomUUID(), expiresAt, NOW.minusSeconds(600), null, null, null, null, 0, null);
    }

    private static Rejection rejection(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    @Test
    void reserveHoldsTicketsUntilTheHoldTimeFromTheBatchClock() {
        var inventory = inventory(null, List.of(), fresh("floor", 10));

        var applied = inventory.apply(reserve(ANA, "floor", 3), NOW);
        var outcome = applied.outcome();

        assertThat(outcome).isInstanceOf(Succeeded.class);
        Reservation hold = ((Succeeded) outcome).reservation();
        assertThat(hold.status()).isEqualTo(ReservationStatus.HELD);
        assertThat(hold.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 10, 7, 3, 0));
        assertThat(inventory.unitOfWork().createdReservations()).containsExactly(hold);
        assertThat(applied.changes()).singleElement().isEqualTo(new ReservationHeld(EVENT, 1, hold.id(),
                hold.requestId(), ANA, "floor", 3, NOW, NOW.plusSeconds(300), null, 10, 7, 3, 0));
    }

    @Test
    void reserveIsRejectedWhenTheSectionIsSoldOut() {
        var inventory = inventory(null, List.of(), fresh("floor", 2));
        inventory.apply(reserve(ANA, "floor", 2), NOW).outcome();

        var outcome = inventory.apply(reserve(BEN, "floor", 1), NOW).outcome();

        assertThat(rejection(outcome)).isEqualTo(Rejection.SOLD_OUT);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 2, 0, 2, 0));
    }

    @Test
    void reserveIsAllOrNothing() {
        var inventory = inventory(null, List.of(), fresh("floor", 5));

        var applied = inventory.apply(reserve(ANA, "floor", 6), NOW);

        assertThat(rejection(applied.outcome())).isEqualTo(Rejection.SOLD_OUT);
        assertThat(inventory.section("floor").available()).isEqualTo(5);
        assertThat(applied.changes()).isEmpty();
    }

    @Test
    void neverHoldsMoreThanCapacityWhateverTheOrder() {
        var inventory = inventory(null, List.of(), fresh("floor", 100));
        int held = 0;
        for (int i = 0; i < 1000; i++) {
            if (inventory.apply(reserve(i, "floor", 1 + i % 3), NOW).outcome() instanceof Succeeded succeeded) {
                held += succeeded.reservation().quantity();
            }
        }
        assertThat(held).isLessThanOrEqualTo(100);
        assertThat(inventory.section("floor").held()).isEqualTo(held);
    }

    @Test
    void reserveInAnUnknownSectionIsNotFound() {
        var inventory = inventory(null, List.of(), fresh("floor", 5));
        assertThat(rejection(inventory.apply(reserve(ANA, "balcony", 1), NOW).outcome())).isEqualTo(Rejection.NOT_FOUND);
    }

    @Test
    void reserveIsRejectedWhenTheUserWouldExceedTheLimitAcrossSections() {
        var inventory = inventory(4, List.of(), fresh("floor", 10), fresh("balcony", 10));
        assertThat(inventory.apply(reserve(ANA, "floor", 3), NOW).outcome()).isInstanceOf(Succeeded.class);

        assertThat(rejection(inventory.apply(reserve(ANA, "balcony", 2), NOW).outcome())).isEqualTo(Rejection.LIMIT_EXCEEDED);
        assertThat(inventory.apply(reserve(ANA, "balcony", 1), NOW).outcome()).isInstanceOf(Succeeded.class);
        assertThat(inventory.apply(reserve(BEN, "balcony", 4), NOW).outcome()).isInstanceOf(Succeeded.class);
    }

    @Test
    void theLimitCountsWhatTheUserAlreadyOwns() {
        var inventory = inventory(4, 0, List.of(fresh("floor", 10)), List.of(),
                Map.of(ANA, 4), section -> List.of());
        assertThat(rejection(inventory.apply(reserve(ANA, "floor", 1), NOW).outcome())).isEqualTo(Rejection.LIMIT_EXCEEDED);
    }

    @Test
    void soldOutNeverCountsAHoldWhoseTimeIsUp() {
        Reservation due = heldBy(BEN, 2, NOW.minusSeconds(1));
        var inventory = inventory(null, 0, List.of(new Section("floor", 2, 0, 2, 0)), List.of(),
                Map.of(), section -> List.of(due));

        var applied = inventory.apply(reserve(ANA, "floor", 2), NOW);

        assertThat(applied.outcome()).isInstanceOf(Succeeded.class);
        assertThat(inventory.unitOfWork().updatedReservations()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED));
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 2, 0, 2, 0));
        // the reserve's own changes: the release of the due hold, then the new hold
        assertThat(applied.changes()).extracting(Object::getClass)
                .containsExactly(ReservationExpired.class, ReservationHeld.class);
    }

    @Test
    void dueHoldsAreOnlyLookedUpWhenASectionIsShort() {
        List<String> lookedUp = new java.util.ArrayList<>();
        var inventory = inventory(null, 0, List.of(fresh("floor", 1)), List.of(), Map.of(),
                section -> {
                    lookedUp.add(section);
                    return List.of();
                });

        inventory.apply(reserve(ANA, "floor", 1), NOW).outcome();
        assertThat(lookedUp).isEmpty();
        inventory.apply(reserve(BEN, "floor", 1), NOW).outcome();
        inventory.apply(reserve(BEN, "floor", 1), NOW).outcome();
        assertThat(lookedUp).containsExactly("floor");
    }

    @Test
    void purchaseSellsAHeldReservation() {
        Reservation hold = heldBy(ANA, 2, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 5, 3, 2, 0));

        var outcome = inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), "pay_1", NOW), NOW).outcome();

        Reservation purchased = ((Succeeded) outcome).reservation();
        assertThat(purchased.status()).isEqualTo(ReservationStatus.PURCHASED);
        assertThat(purchased.paymentReference()).isEqualTo("pay_1");
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 3, 0, 2));
    }

    @Test
    void purchaseAfterExpiresAtIsRejectedEvenBeforeTheReleaseWasApplied() {
        Reservation hold = heldBy(ANA, 2, NOW);
        var inventory = inventory(null, List.of(hold), new Section("floor", 5, 3, 2, 0));

        var outcome = inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), null, NOW), NOW).outcome();

        assertThat(rejection(outcome)).isEqualTo(Rejection.HOLD_EXPIRED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 5, 0, 0));
    }

    @Test
    void purchaseOfAPurchasedOrCancelledReservationIsRejected() {
        Reservation hold = heldBy(ANA, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 5, 4, 1, 0));
        inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), null, NOW), NOW).outcome();

        assertThat(rejection(inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), null, NOW), NOW).outcome()))
                .isEqualTo(Rejection.ALREADY_PURCHASED);
        assertThat(rejection(inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), NOW), NOW).outcome()))
                .isEqualTo(Rejection.NOT_HELD);
    }

    @Test
    void someoneElsesReservationIsNotFound() {
        Reservation hold = heldBy(ANA, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 5, 4, 1, 0));

        assertThat(rejection(inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, BEN, hold.id(), NOW), NOW).outcome()))
                .isEqualTo(Rejection.NOT_FOUND);
    }

    @Test
    void cancelGivesTheTicketsBackAtOnce() {
        Reservation hold = heldBy(ANA, 2, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 5, 3, 2, 0));

        var outcome = inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), NOW), NOW).outcome();

        assertThat(((Succeeded) outcome).reservation().status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 5, 0, 0));
        assertThat(rejection(inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, ANA, hold.id(), NOW), NOW).outcome()))
                .isEqualTo(Rejection.NOT_HELD);
    }

    @Test
    void releaseExpiresOnlyAHoldThatIsStillHeldAndDue() {
        Reservation due = heldBy(ANA, 2, NOW.minusMillis(1));
        Reservation notDue = heldBy(BEN, 1, NOW.plusSeconds(1));
        var inventory = inventory(null, List.of(due, notDue), new Section("floor", 5, 2, 3, 0));

        assertThat(inventory.apply(ReleaseCommand.of(EVENT, notDue.id(), NOW), NOW))
                .satisfies(ignored -> assertThat(ignored.outcome()).isInstanceOf(Ignored.class))
                .satisfies(ignored -> assertThat(ignored.changes()).isEmpty());
        assertThat(inventory.apply(ReleaseCommand.of(EVENT, due.id(), NOW), NOW))
                .satisfies(released -> assertThat(released.outcome()).isInstanceOf(Succeeded.class))
                .satisfies(released -> assertThat(released.changes()).hasSize(1));
        assertThat(inventory.apply(ReleaseCommand.of(EVENT, due.id(), NOW), NOW).changes()).isEmpty();
        assertThat(inventory.apply(ReleaseCommand.of(EVENT, UUID.randomUUID(), NOW), NOW).outcome()).isInstanceOf(Ignored.class);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 4, 1, 0));
    }

    @Test
    void capacityCanBeLoweredDownToHeldPlusSoldButNotBelow() {
        var inventory = inventory(null, List.of(), new Section("floor", 10, 5, 3, 2));

        assertThat(rejection(inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 4, NOW), NOW).outcome()))
                .isEqualTo(Rejection.CAPACITY_CONFLICT);
        assertThat(inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 5, NOW), NOW).outcome())
                .isInstanceOf(Succeeded.class);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 0, 3, 2));
        assertThat(inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 50, NOW), NOW).outcome())
                .isInstanceOf(Succeeded.class);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 50, 45, 3, 2));
    }

    @Test
    void sequencesAreGaplessAcrossChangesAndContinueFromTheStoredOne() {
        var inventory = inventory(null, 41, List.of(fresh("floor", 1)), List.of(), Map.of(),
                section -> List.of());
        List<ReservationChange> changes = new ArrayList<>();
        changes.addAll(inventory.apply(reserve(ANA, "floor", 1), NOW).changes());
        changes.addAll(inventory.apply(reserve(BEN, "floor", 1), NOW).changes());
        changes.addAll(inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 3, NOW), NOW).changes());

        // the second reserve was sold out; the capacity change is the second change
        assertThat(changes).extracting(ReservationChange::sequence).containsExactly(42L, 43L);
        assertThat(inventory.unitOfWork().lastSequence()).isEqualTo(43);
    }

    @Test
    void aDueHoldExpiredInTheBatchDoesNotRaiseItsUsersAllowance() {
        // Ana held 2 of her 2; the hold is due, so the count loaded for the batch (the database's) leaves it out
        Reservation due = heldBy(ANA, 2, NOW.minusSeconds(1));
        var inventory = inventory(2, 0, List.of(new Section("floor", 6, 4, 2, 0)), List.of(due), Map.of(),
                section -> List.of(due));

        Outcome extend = inventory.apply(new ExtendCommand(UUID.randomUUID(), EVENT, ANA, due.id(), NOW), NOW)
                .outcome();
        Outcome first = inventory.apply(reserve(ANA, "floor", 2), NOW).outcome();
        Outcome second = inventory.apply(reserve(ANA, "floor", 2), NOW).outcome();

        assertThat(rejection(extend)).isEqualTo(Rejection.HOLD_EXPIRED);
        assertThat(first).isInstanceOf(Succeeded.class);
        assertThat(rejection(second)).isEqualTo(Rejection.LIMIT_EXCEEDED);
        assertThat(inventory.section("floor").held()).isEqualTo(2);
    }
}
