package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.worker.inventory.Outcome.Succeeded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What a batch stores is its unit of work and nothing else: every row the batch's commands touched, once, in its
 * state after the batch, with the changes in sequence order and the sequence to store.
 */
class UnitOfWorkTest {

    private static final long EVENT = 11;
    private static final long ANA = 1;
    private static final long BEN = 2;
    private static final long CARL = 3;
    private static final long DANA = 4;
    private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");

    private final List<WaitlistEntry> storedWaiting = new ArrayList<>();

    private EventInventory inventory(long lastSequence, List<Reservation> reservations, Section section,
                                     List<SeatMap> seatMaps) {
        StoredState stored = new StoredState() {
            @Override
            public List<Reservation> dueHolds(String code) {
                return List.of();
            }

            @Override
            public List<WaitlistEntry> waitingEntries(String code) {
                return storedWaiting;
            }
        };
        return new EventInventory(new EventInventory.Loaded(new EventRules(EVENT, 300, null, 0), lastSequence,
                List.of(section), reservations, List.of(), Map.of(), seatMaps), stored, UUID::randomUUID);
    }

    private static Reservation heldBy(long user, int quantity) {
        return new Reservation(UUID.randomUUID(), EVENT, "floor", user, quantity, ReservationStatus.HELD,
                UUID.randomUUID(), NOW.plusSeconds(120), NOW.minusSeconds(60), null, null, null, null, 0, null);
    }

    private static ReserveCommand reserve(long user, String section, int quantity) {
        return new ReserveCommand(UUID.randomUUID(), EVENT, user, section, quantity, NOW);
    }

    private static ReserveCommand pick(long user, String... seats) {
        return new ReserveCommand(UUID.randomUUID(), EVENT, user, "stalls", seats.length, NOW, List.of(seats), null,
                null);
    }

    private static CancelCommand cancel(Reservation reservation) {
        return new CancelCommand(UUID.randomUUID(), EVENT, reservation.userId(), reservation.id(), NOW);
    }

    private static Reservation reservationOf(Applied applied) {
        assertThat(applied.outcome()).isInstanceOf(Succeeded.class);
        return ((Succeeded) applied.outcome()).reservation();
    }

    /** Applies the commands in order: the changes each one caused, one after the other. */
    private static List<ReservationChange> apply(EventInventory inventory, Command... commands) {
        List<ReservationChange> caused = new ArrayList<>();
        for (Command command : commands) {
            caused.addAll(inventory.apply(command, NOW).changes());
        }
        return caused;
    }

    @Test
    void theUnitOfWorkListsEveryRowTheBatchTouchedOnceInItsStateAfterTheBatch() {
        // Ana holds both tickets of the floor; Ben waits for one
        Reservation anas = heldBy(ANA, 2);
        WaitlistEntry bens = new WaitlistEntry(UUID.randomUUID(), EVENT, "floor", BEN, 1, 1, WaitlistStatus.WAITING,
                UUID.randomUUID(), null, NOW.minusSeconds(30), null, null);
        storedWaiting.add(bens);
        var inventory = inventory(10, List.of(anas), new Section("floor", 2, 0, 2, 0, 1, 1), List.of());

        // Ana cancels: one ticket is offered to Ben, the other is Carl's, who cancels it in the same batch; Dana
        // joins the waiting list for two, so Ana's new reserve is sold out
        inventory.apply(cancel(anas), NOW);
        Reservation carls = reservationOf(inventory.apply(reserve(CARL, "floor", 1), NOW));
        inventory.apply(cancel(carls), NOW);
        inventory.apply(new JoinWaitlistCommand(UUID.randomUUID(), EVENT, DANA, "floor", 2, NOW), NOW);
        inventory.apply(reserve(ANA, "floor", 2), NOW);
        UnitOfWork work = inventory.unitOfWork();

        assertThat(work.eventId()).isEqualTo(EVENT);
        assertThat(work.changes()).extracting(ReservationChange::sequence).containsExactly(11L, 12L, 13L, 14L);
        assertThat(work.changes()).extracting(Object::getClass).containsExactly(ReservationCancelled.class,
                ReservationHeld.class, ReservationHeld.class, ReservationCancelled.class);
        assertThat(work.lastSequence()).isEqualTo(14);
        assertThat(work.sequenceAdvanced()).isTrue();
        // Ben's offer and Carl's hold were created in the batch: inserted once each, Carl's already cancelled
        assertThat(work.createdReservations())
                .extracting(Reservation::userId, Reservation::status, Reservation::waitlistEntryId)
                .containsExactly(tuple(BEN, ReservationStatus.HELD, bens.id()),
                        tuple(CARL, ReservationStatus.CANCELLED, null));
        assertThat(work.updatedReservations()).extracting(Reservation::id, Reservation::status)
                .containsExactly(tuple(anas.id(), ReservationStatus.CANCELLED));
        assertThat(work.createdEntries()).extracting(WaitlistEntry::userId, WaitlistEntry::status)
                .containsExactly(tuple(DANA, WaitlistStatus.WAITING));
        assertThat(work.updatedEntries()).extracting(WaitlistEntry::id, WaitlistEntry::status)
                .containsExactly(tuple(bens.id(), WaitlistStatus.OFFERED));
        assertThat(work.changedSections()).containsExactly(new Section("floor", 2, 1, 1, 0, 2, 2));
        assertThat(work.changedSeatRows()).isEmpty();
        assertThat(work.seatMaps()).isEmpty();
    }

    @Test
    void theChangesOfTheUnitOfWorkAreThoseOfItsCommandsInSequenceOrder() {
        Reservation anas = heldBy(ANA, 2);
        var inventory = inventory(3, List.of(anas), new Section("floor", 4, 2, 2, 0), List.of());
        List<ReservationChange> caused = apply(inventory, reserve(BEN, "floor", 2), reserve(CARL, "floor", 1),
                cancel(anas), reserve(CARL, "floor", 1));

        assertThat(inventory.unitOfWork().changes()).isEqualTo(caused).hasSize(3);
    }

    @Test
    void aBatchThatChangesNothingHasNothingToStoreAndKeepsTheStoredSequence() {
        var inventory = inventory(7, List.of(), new Section("floor", 1, 0, 1, 0), List.of());

        inventory.apply(reserve(ANA, "floor", 1), NOW);
        inventory.apply(reserve(BEN, "balcony", 1), NOW);
        UnitOfWork work = inventory.unitOfWork();

        assertThat(work.changes()).isEmpty();
        assertThat(work.sequenceAdvanced()).isFalse();
        assertThat(work.lastSequence()).isEqualTo(7);
        assertThat(List.of(work.createdReservations(), work.updatedReservations(), work.createdEntries(),
                work.updatedEntries(), work.changedSections(), work.changedSeatRows())).allSatisfy(
                rows -> assertThat(rows).isEmpty());
    }

    @Test
    void aSeatedBatchStoresOnlyTheRowsWhoseSeatsDifferFromTheStoredOnes() {
        SeatMap seats = new SeatMap("stalls", List.of(
                new SeatRow(0, "A", "AAAAAA", "......", List.of(3)),
                new SeatRow(1, "B", "AAAA", "....", List.of())));
        var inventory = inventory(0, List.of(), new Section("stalls", 10, 10, 0, 0), List.of(seats));

        // A-1 is held and given back within the batch: row A is as stored
        Reservation a1 = reservationOf(inventory.apply(pick(ANA, "A-1"), NOW));
        inventory.apply(cancel(a1), NOW);
        inventory.apply(pick(BEN, "B-2"), NOW);
        UnitOfWork work = inventory.unitOfWork();

        assertThat(work.changedSeatRows()).containsExactly(
                new UnitOfWork.ChangedSeatRow("stalls", new SeatRow(1, "B", "AHAA", "....", List.of())));
        assertThat(work.seatMaps()).containsExactly(seats);
        assertThat(work.changedSections()).containsExactly(new Section("stalls", 10, 9, 1, 0));
        assertThat(work.createdReservations()).extracting(Reservation::seats)
                .containsExactly(List.of("A-1"), List.of("B-2"));
    }

    @Test
    void aUnitOfWorkStaysAsItWasTakenWhileMoreCommandsAreApplied() {
        var inventory = inventory(0, List.of(), new Section("floor", 5, 5, 0, 0), List.of());
        inventory.apply(reserve(ANA, "floor", 1), NOW);
        UnitOfWork taken = inventory.unitOfWork();

        inventory.apply(reserve(BEN, "floor", 1), NOW);

        assertThat(taken.changes()).hasSize(1);
        assertThat(taken.createdReservations()).extracting(Reservation::userId).containsExactly(ANA);
        assertThat(taken.changedSections()).containsExactly(new Section("floor", 5, 4, 1, 0));
        assertThat(taken.lastSequence()).isEqualTo(1);
        assertThatThrownBy(() -> taken.createdReservations().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(inventory.unitOfWork().changes()).hasSize(2);
    }
}
