package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
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

/**
 * A seated section inside the event's rules: the seats follow every hold, purchase, cancel and expiry, the section's
 * counters always equal the seats' letters, and the contract's order of checks holds.
 */
class SeatedInventoryTest {

    private static final long EVENT = 9;
    private static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");

    private final List<Reservation> storedDue = new ArrayList<>();
    private final List<WaitlistEntry> storedWaiting = new ArrayList<>();
    private SeatMap seats;

    /** A hall of two rows: A with 6 seats and an aisle after 3, B with 4 seats of which B-4 is accessible. */
    private EventInventory hall(Integer maxPerUser, List<Reservation> reservations) {
        seats = new SeatMap("stalls", List.of(
                new SeatRow(0, "A", "AAAAAA", "......", List.of(3)),
                new SeatRow(1, "B", "AAAA", "...w", List.of())));
        return inventory(maxPerUser, reservations, new Section("stalls", 10, 10, 0, 0), seats);
    }

    private EventInventory inventory(Integer maxPerUser, List<Reservation> reservations, Section section,
                                     SeatMap map) {
        StoredState stored = new StoredState() {
            @Override
            public List<Reservation> dueHolds(String code) {
                return storedDue;
            }

            @Override
            public List<WaitlistEntry> waitingEntries(String code) {
                return storedWaiting;
            }
        };
        return new EventInventory(new EventInventory.Loaded(new EventRules(EVENT, 300, maxPerUser, 0), 0,
                List.of(section), reservations, List.of(), Map.of(), List.of(map)), stored, UUID::randomUUID);
    }

    private static ReserveCommand best(long user, int quantity) {
        return new ReserveCommand(UUID.randomUUID(), EVENT, user, "stalls", quantity, NOW);
    }

    private static ReserveCommand pick(long user, String... seats) {
        return new ReserveCommand(UUID.randomUUID(), EVENT, user, "stalls", seats.length, NOW, List.of(seats), null,
                null);
    }

    private static Reservation reservationOf(Applied applied) {
        assertThat(applied.outcome()).isInstanceOf(Succeeded.class);
        return ((Succeeded) applied.outcome()).reservation();
    }

    private static Rejected rejectionOf(Applied applied) {
        assertThat(applied.outcome()).isInstanceOf(Rejected.class);
        return (Rejected) applied.outcome();
    }

    private void assertCountersEqualSeats(EventInventory inventory) {
        Section section = inventory.section("stalls");
        assertThat(List.of(section.capacity(), section.available(), section.held(), section.sold()))
                .containsExactly(seats.capacity(), seats.available(), seats.held(), seats.sold());
    }

    @Test
    void aBestAvailableReserveHoldsItsSeatsAndPublishesThem() {
        var inventory = hall(null, List.of());

        Applied applied = inventory.apply(best(1, 2), NOW);

        Reservation hold = reservationOf(applied);
        assertThat(hold.seats()).hasSize(2).allMatch(seat -> seat.startsWith("A-"));
        assertThat(hold.seats()).allMatch(seat -> seats.status(seat) == 'H');
        assertThat(applied.changes()).singleElement().isInstanceOfSatisfying(ReservationHeld.class,
                held -> assertThat(held.seats()).isEqualTo(hold.seats()));
        assertCountersEqualSeats(inventory);
        assertThat(seats.changedRows()).extracting(SeatRow::label).containsExactly("A");
    }

    @Test
    void picksAreAllOrNothingAndNameTheSeatsThatCannotBeHeldInSeatOrder() {
        var inventory = hall(null, List.of());
        inventory.apply(pick(1, "A-2"), NOW);

        Rejected rejected = rejectionOf(inventory.apply(pick(2, "B-1", "Z-9", "A-2", "A-1"), NOW));

        assertThat(rejected.reason()).isEqualTo(Rejection.SEATS_UNAVAILABLE);
        assertThat(rejected.unavailableSeats()).containsExactly("A-2", "Z-9");
        assertThat(seats.status("A-1")).isEqualTo('A');
        assertThat(seats.status("B-1")).isEqualTo('A');
        assertCountersEqualSeats(inventory);
    }

    @Test
    void pickedSeatsAreStoredInRowAndSeatOrder() {
        var inventory = hall(null, List.of());

        Reservation hold = reservationOf(inventory.apply(pick(1, "B-2", "A-5", "A-4"), NOW));

        assertThat(hold.seats()).containsExactly("A-4", "A-5", "B-2");
        assertThat(hold.quantity()).isEqualTo(3);
    }

    @Test
    void purchaseSellsTheSeatsAndCancelFreesThem() {
        var inventory = hall(null, List.of());
        Reservation bought = reservationOf(inventory.apply(pick(1, "A-1", "A-2"), NOW));
        Reservation dropped = reservationOf(inventory.apply(pick(1, "A-5", "A-6"), NOW));

        inventory.apply(new PurchaseCommand(UUID.randomUUID(), EVENT, 1, bought.id(), "pay", NOW), NOW);
        Applied cancel = inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 1, dropped.id(), NOW), NOW);

        assertThat(seats.status("A-1")).isEqualTo('S');
        assertThat(seats.status("A-2")).isEqualTo('S');
        assertThat(seats.status("A-5")).isEqualTo('A');
        assertThat(cancel.changes()).singleElement()
                .satisfies(change -> assertThat(change.seats()).containsExactly("A-5", "A-6"));
        assertCountersEqualSeats(inventory);
    }

    @Test
    void aHoldWhoseTimeIsUpFreesItsSeatsBeforeAPickIsRefused() {
        var due = new Reservation(UUID.randomUUID(), EVENT, "stalls", 1, 2, ReservationStatus.HELD, UUID.randomUUID(),
                NOW.minusSeconds(1), NOW.minusSeconds(301), null, null, null, null, 0, null, List.of("A-1", "A-2"));
        seats = new SeatMap("stalls", List.of(
                new SeatRow(0, "A", "HHAAAA", "......", List.of(3)),
                new SeatRow(1, "B", "AAAA", "...w", List.of())));
        storedDue.add(due);
        var inventory = inventory(null, List.of(), new Section("stalls", 10, 8, 2, 0), seats);

        Applied applied = inventory.apply(pick(2, "A-2"), NOW);

        assertThat(reservationOf(applied).seats()).containsExactly("A-2");
        assertThat(applied.changes()).hasSize(2).first().isInstanceOf(ReservationExpired.class);
        assertThat(seats.status("A-1")).isEqualTo('A');
        assertCountersEqualSeats(inventory);
    }

    @Test
    void anExpiryReleasedByTheExpiryWorkerFreesTheSeats() {
        var hold = new Reservation(UUID.randomUUID(), EVENT, "stalls", 1, 1, ReservationStatus.HELD, UUID.randomUUID(),
                NOW.minusSeconds(1), NOW.minusSeconds(301), null, null, null, null, 0, null, List.of("B-2"));
        seats = new SeatMap("stalls", List.of(
                new SeatRow(0, "A", "AAAAAA", "......", List.of(3)),
                new SeatRow(1, "B", "AHAA", "...w", List.of())));
        var inventory = inventory(null, List.of(hold), new Section("stalls", 10, 9, 1, 0), seats);

        Applied applied = inventory.apply(new ReleaseCommand(UUID.randomUUID(), EVENT, hold.id(), NOW), NOW);

        assertThat(applied.changes()).singleElement().extracting(ReservationChange::seats).isEqualTo(List.of("B-2"));
        assertThat(seats.status("B-2")).isEqualTo('A');
        assertCountersEqualSeats(inventory);
    }

    @Test
    void eachSeatCountsAsATicketTowardTheUsersLimit() {
        var inventory = hall(3, List.of());
        reservationOf(inventory.apply(pick(1, "A-1", "A-2"), NOW));

        Rejected rejected = rejectionOf(inventory.apply(pick(1, "B-1", "B-2"), NOW));

        assertThat(rejected.reason()).isEqualTo(Rejection.LIMIT_EXCEEDED);
        assertThat(seats.status("B-1")).isEqualTo('A');
    }

    @Test
    void whileAnyoneWaitsEvenAPickIsSoldOutBeforeTheLimitIsChecked() {
        var inventory = hall(9, List.of());
        // the ordinary seats are 9: holding them all sends the next join to the queue
        reservationOf(inventory.apply(pick(2, "A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "B-1", "B-2", "B-3"), NOW));
        inventory.apply(new JoinWaitlistCommand(UUID.randomUUID(), EVENT, 3, "stalls", 1, NOW), NOW);
        assertThat(inventory.section("stalls").waiting()).isEqualTo(1);

        // user 2 is at the limit too, but the queue is told first
        Rejected rejected = rejectionOf(inventory.apply(pick(2, "B-4", "B-3"), NOW));

        assertThat(rejected.reason()).isEqualTo(Rejection.SOLD_OUT);
    }

    @Test
    void accessiblePlacesNeverGoToTheWaitingListButFreedSeatsDo() {
        var inventory = hall(null, List.of());
        Reservation all = reservationOf(inventory.apply(
                pick(2, "A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "B-1", "B-2", "B-3"), NOW));

        Applied joined = inventory.apply(new JoinWaitlistCommand(UUID.randomUUID(), EVENT, 3, "stalls", 2, NOW), NOW);
        assertThat(((Succeeded) joined.outcome()).entry().status()).isEqualTo(WaitlistStatus.WAITING);
        assertThat(seats.status("B-4")).isEqualTo('A');

        Applied cancel = inventory.apply(new CancelCommand(UUID.randomUUID(), EVENT, 2, all.id(), NOW), NOW);

        ReservationHeld offer = cancel.changes().stream().filter(ReservationHeld.class::isInstance)
                .map(ReservationHeld.class::cast).findFirst().orElseThrow();
        assertThat(offer.userId()).isEqualTo(3L);
        assertThat(offer.seats()).hasSize(2).noneMatch(seat -> seat.equals("B-4"));
        assertThat(inventory.section("stalls").waiting()).isZero();
        assertCountersEqualSeats(inventory);
    }

    @Test
    void aJoinForMoreThanTheOrdinarySeatsCanEverOfferIsSoldOut() {
        var inventory = hall(null, List.of());

        Rejected rejected = rejectionOf(inventory.apply(
                new JoinWaitlistCommand(UUID.randomUUID(), EVENT, 3, "stalls", 10, NOW), NOW));

        assertThat(rejected.reason()).isEqualTo(Rejection.SOLD_OUT);
    }

    @Test
    void noAdjacentSeatsAndSoldOutAreTold() {
        var inventory = hall(null, List.of());
        reservationOf(inventory.apply(pick(1, "A-2", "A-5", "B-2"), NOW));

        assertThat(rejectionOf(inventory.apply(best(2, 3), NOW)).reason()).isEqualTo(Rejection.NO_ADJACENT_SEATS);
        Reservation split = reservationOf(inventory.apply(new ReserveCommand(UUID.randomUUID(), EVENT, 2, "stalls", 3,
                NOW, null, false, null), NOW));
        assertThat(split.seats()).hasSize(3);
        assertThat(rejectionOf(inventory.apply(best(3, 4), NOW)).reason()).isEqualTo(Rejection.SOLD_OUT);
        assertCountersEqualSeats(inventory);
    }

    @Test
    void aSeatedSectionsCapacityIsItsSeats() {
        var inventory = hall(null, List.of());

        Rejected rejected = rejectionOf(inventory.apply(
                new ChangeCapacityCommand(UUID.randomUUID(), EVENT, "stalls", 20, NOW), NOW));

        assertThat(rejected.reason()).isEqualTo(Rejection.CAPACITY_CONFLICT);
        assertThat(inventory.section("stalls").capacity()).isEqualTo(10);
    }
}
