package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.worker.inventory.Outcome.Rejected;
import dev.holdfast.worker.inventory.Outcome.Succeeded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** First come, first served: the waiting list's rules, in one batch and across batches. */
class WaitlistRulesTest {

    private static final long EVENT = 7;
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final List<WaitlistEntry> storedWaiting = new ArrayList<>();
    private final List<Reservation> storedDue = new ArrayList<>();

    private EventInventory inventory(Integer maxPerUser, List<Reservation> reservations, Section... sections) {
        StoredState stored = new StoredState() {
            @Override
            public List<Reservation> dueHolds(String section) {
                return storedDue;
            }

            @Override
            public List<WaitlistEntry> waitingEntries(String section) {
                return storedWaiting.stream().filter(entry -> entry.section().equals(section)).toList();
            }
        };
        return new EventInventory(new EventInventory.Loaded(new EventRules(EVENT, 300, maxPerUser, 0), 0,
                List.of(sections), reservations, List.of(), Map.of()), stored, UUID::randomUUID);
    }

    private static Reservation held(long user, int quantity, Instant expiresAt) {
        return new Reservation(UUID.randomUUID(), EVENT, "floor", user, quantity, ReservationStatus.HELD,
                UUID.randomUUID(), expiresAt, NOW.minusSeconds(60), null, null, null, null, 0, null);
    }

    private static JoinWaitlistCommand join(long user, int quantity) {
        return new JoinWaitlistCommand(UUID.randomUUID(), EVENT, user, "floor", quantity, NOW);
    }

    private static WaitlistEntry entryOf(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Succeeded.class);
        return ((Succeeded) outcome).entry();
    }

    private static Rejection rejection(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    @Test
    void joiningASectionWithTicketsAndNobodyWaitingIsOfferedAtOnce() {
        var inventory = inventory(null, List.of(), new Section("floor", 5, 5, 0, 0));

        Applied applied = inventory.apply(join(1, 2), NOW);
        WaitlistEntry entry = entryOf(applied.outcome());

        assertThat(entry.status()).isEqualTo(WaitlistStatus.OFFERED);
        Reservation offer = inventory.unitOfWork().createdReservations().get(0);
        assertThat(entry.reservationId()).isEqualTo(offer.id());
        assertThat(offer.waitlistEntryId()).isEqualTo(entry.id());
        assertThat(offer.requestId()).isEqualTo(entry.requestId());
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 5, 3, 2, 0, 0, 1));
        assertThat(applied.changes()).singleElement().isInstanceOfSatisfying(ReservationHeld.class,
                held -> assertThat(held.waitlistEntryId()).isEqualTo(entry.id()));
    }

    @Test
    void joiningASoldOutSectionWaitsAndCountsTheTicketsAskedFor() {
        Reservation hold = held(9, 2, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 2, 0, 2, 0));

        Applied joinedFirst = inventory.apply(join(1, 1), NOW);
        Applied joinedSecond = inventory.apply(join(2, 1), NOW);
        WaitlistEntry first = entryOf(joinedFirst.outcome());
        WaitlistEntry second = entryOf(joinedSecond.outcome());

        assertThat(first.status()).isEqualTo(WaitlistStatus.WAITING);
        assertThat(second.joinOrder()).isEqualTo(first.joinOrder() + 1);
        assertThat(inventory.section("floor").waiting()).isEqualTo(2);
        assertThat(joinedFirst.changes()).isEmpty();
        assertThat(joinedSecond.changes()).isEmpty();
    }

    @Test
    void aCancelledHoldGoesToTheWaitingEntriesInJoinOrderInTheSameTransaction() {
        Reservation hold = held(9, 2, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 2, 0, 2, 0));
        WaitlistEntry first = entryOf(inventory.apply(join(1, 1), NOW).outcome());
        WaitlistEntry second = entryOf(inventory.apply(join(2, 1), NOW).outcome());
        WaitlistEntry third = entryOf(inventory.apply(join(3, 1), NOW).outcome());

        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 9, hold.id(), NOW), NOW).outcome();

        assertThat(inventory.entry(first.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.entry(second.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.entry(third.id()).status()).isEqualTo(WaitlistStatus.WAITING);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 2, 0, 2, 0, 1, 3));
        assertThat(inventory.unitOfWork().createdReservations()).extracting(Reservation::userId).containsExactly(1L, 2L);
    }

    @Test
    void aLargeEntryAtTheHeadIsNeverOvertakenBySmallerOnesBehindIt() {
        Reservation small = held(9, 1, NOW.plusSeconds(60));
        Reservation other = held(8, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(small, other), new Section("floor", 2, 0, 2, 0));
        WaitlistEntry big = entryOf(inventory.apply(join(1, 2), NOW).outcome());
        WaitlistEntry tiny = entryOf(inventory.apply(join(2, 1), NOW).outcome());

        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 9, small.id(), NOW), NOW).outcome();
        assertThat(inventory.entry(tiny.id()).status()).isEqualTo(WaitlistStatus.WAITING);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 2, 1, 1, 0, 3, 2));

        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 8, other.id(), NOW), NOW).outcome();
        assertThat(inventory.entry(big.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.entry(tiny.id()).status()).isEqualTo(WaitlistStatus.WAITING);
    }

    @Test
    void aReserveWhereSomebodyWaitsIsSoldOutEvenWithTicketsBack() {
        Reservation small = held(9, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(small), new Section("floor", 2, 1, 1, 0));
        inventory.apply(join(1, 2), NOW).outcome();

        Outcome outcome = inventory.apply(new ReserveCommand(UUID.randomUUID(), EVENT, 5, "floor", 1, NOW), NOW).outcome();

        assertThat(rejection(outcome)).isEqualTo(Rejection.SOLD_OUT);
        assertThat(inventory.section("floor").available()).isEqualTo(1);
    }

    @Test
    void anExpiredHoldIsOfferedToTheHeadStoredByAnEarlierBatch() {
        Reservation due = held(9, 1, NOW.minusSeconds(1));
        WaitlistEntry head = new WaitlistEntry(UUID.randomUUID(), EVENT, "floor", 1, 1, 4, WaitlistStatus.WAITING,
                UUID.randomUUID(), null, NOW.minusSeconds(30), null, null);
        storedWaiting.add(head);
        var inventory = inventory(null, List.of(due), new Section("floor", 1, 0, 1, 0, 1, 4));

        inventory.apply(ReleaseCommand.of(EVENT, due.id(), NOW), NOW).outcome();

        assertThat(inventory.unitOfWork().updatedEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(head.id());
            assertThat(entry.status()).isEqualTo(WaitlistStatus.OFFERED);
        });
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 1, 0, 1, 0, 0, 4));
    }

    @Test
    void aCapacityRaiseIsOfferedToTheWaitingList() {
        Reservation hold = held(9, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 1, 0, 1, 0));
        WaitlistEntry entry = entryOf(inventory.apply(join(1, 1), NOW).outcome());

        inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 2, NOW), NOW).outcome();

        assertThat(inventory.entry(entry.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 2, 0, 2, 0, 0, 1));
    }

    @Test
    void anOfferThatIsCancelledGoesToTheNextEntry() {
        Reservation hold = held(9, 1, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 1, 0, 1, 0));
        WaitlistEntry first = entryOf(inventory.apply(join(1, 1), NOW).outcome());
        WaitlistEntry second = entryOf(inventory.apply(join(2, 1), NOW).outcome());
        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 9, hold.id(), NOW), NOW).outcome();
        UUID offer = inventory.entry(first.id()).reservationId();

        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 1, offer, NOW), NOW).outcome();

        assertThat(inventory.entry(second.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 1, 0, 1, 0, 0, 2));
    }

    @Test
    void aUserWaitsOnlyOnceInASection() {
        var inventory = inventory(null, List.of(), new Section("floor", 2, 0, 2, 0));
        inventory.apply(join(1, 1), NOW).outcome();

        assertThat(rejection(inventory.apply(join(1, 2), NOW).outcome())).isEqualTo(Rejection.ALREADY_WAITING);
    }

    @Test
    void waitingCountsTowardThePerUserLimit() {
        var inventory = inventory(4, List.of(), new Section("floor", 3, 0, 3, 0), new Section("balcony", 2, 0, 2, 0));
        inventory.apply(join(1, 3), NOW).outcome();

        Outcome outcome = inventory.apply(new JoinWaitlistCommand(UUID.randomUUID(), EVENT, 1, "balcony", 2, NOW), NOW).outcome();

        assertThat(rejection(outcome)).isEqualTo(Rejection.LIMIT_EXCEEDED);
    }

    @Test
    void leavingFreesTheQueueForTheEntriesBehind() {
        Reservation hold = held(9, 2, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 3, 1, 2, 0));
        WaitlistEntry big = entryOf(inventory.apply(join(1, 2), NOW).outcome());
        WaitlistEntry small = entryOf(inventory.apply(join(2, 1), NOW).outcome());

        Outcome left = inventory.apply(new LeaveWaitlistCommand(UUID.randomUUID(), EVENT, 1, big.id(), NOW), NOW).outcome();

        assertThat(entryOf(left).status()).isEqualTo(WaitlistStatus.LEFT);
        assertThat(inventory.entry(small.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 3, 0, 3, 0, 0, 2));
        Outcome again = inventory.apply(new LeaveWaitlistCommand(UUID.randomUUID(), EVENT, 1, big.id(), NOW), NOW).outcome();
        assertThat(rejection(again)).isEqualTo(Rejection.NOT_WAITING);
    }

    @Test
    void someoneElsesEntryIsNotFound() {
        var inventory = inventory(null, List.of(), new Section("floor", 1, 0, 1, 0));
        WaitlistEntry entry = entryOf(inventory.apply(join(1, 1), NOW).outcome());

        Outcome outcome = inventory.apply(new LeaveWaitlistCommand(UUID.randomUUID(), EVENT, 2, entry.id(), NOW), NOW).outcome();

        assertThat(rejection(outcome)).isEqualTo(Rejection.NOT_FOUND);
    }

    @Test
    void aJoinForMoreThanTheSectionCanEverOfferIsRefused() {
        // capacity 10, 8 of them sold: at most 2 can ever come back
        var inventory = inventory(null, List.of(), new Section("floor", 10, 0, 2, 8));

        assertThat(rejection(inventory.apply(join(1, 3), NOW).outcome())).isEqualTo(Rejection.SOLD_OUT);
        assertThat(entryOf(inventory.apply(join(2, 2), NOW).outcome()).status()).isEqualTo(WaitlistStatus.WAITING);
    }

    @Test
    void aHeadThatALowerCapacityCanNeverServeEndsAndTheNextEntryIsOffered() {
        Reservation hold = held(9, 4, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(hold), new Section("floor", 10, 0, 10, 0));
        WaitlistEntry big = entryOf(inventory.apply(join(1, 8), NOW).outcome());
        WaitlistEntry small = entryOf(inventory.apply(join(2, 1), NOW).outcome());
        inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 9, hold.id(), NOW), NOW);
        assertThat(inventory.entry(big.id()).status()).isEqualTo(WaitlistStatus.WAITING);

        // 6 held elsewhere, 4 back: the capacity goes down to 7, and 8 can never be offered again
        Outcome lowered = inventory.apply(new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "floor", 7, NOW), NOW)
                .outcome();

        assertThat(lowered).isInstanceOf(Succeeded.class);
        assertThat(inventory.entry(big.id()).status()).isEqualTo(WaitlistStatus.LEFT);
        assertThat(inventory.entry(small.id()).status()).isEqualTo(WaitlistStatus.OFFERED);
        assertThat(inventory.section("floor")).isEqualTo(new Section("floor", 7, 0, 7, 0, 0, 2));
    }

    @Test
    void aSaleThatLeavesTooFewTicketsForTheHeadFreesTheQueueBehindIt() {
        Reservation bought = held(9, 8, NOW.plusSeconds(60));
        var inventory = inventory(null, List.of(bought), new Section("floor", 10, 2, 8, 0));
        // the head waits for 4 while 2 are available; 4 could still come back, until the 8 are bought
        WaitlistEntry head = entryOf(inventory.apply(join(1, 4), NOW).outcome());
        assertThat(head.status()).isEqualTo(WaitlistStatus.WAITING);

        inventory.apply(new dev.holdfast.contracts.command.PurchaseCommand(UUID.randomUUID(), EVENT, 9, bought.id(),
                null, NOW), NOW);

        assertThat(inventory.entry(head.id()).status()).isEqualTo(WaitlistStatus.LEFT);
        assertThat(inventory.section("floor").waiting()).isZero();
        Outcome reserve = inventory.apply(new ReserveCommand(UUID.randomUUID(), EVENT, 2, "floor", 2, NOW), NOW)
                .outcome();
        assertThat(reserve).isInstanceOf(Succeeded.class);
    }
}
