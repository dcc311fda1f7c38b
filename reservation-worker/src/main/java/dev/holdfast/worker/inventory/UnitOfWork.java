package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.change.ReservationChange;

import java.util.List;

/**
 * What a batch of commands did to one event: its reservation changes, and the state the batch transaction stores for
 * them. Taken once the batch's commands are applied ({@link EventInventory#unitOfWork}); every row is in its state
 * at that point and listed once, however many commands touched it.
 *
 * @param changes             the reservation changes, in sequence order: the event's outbox rows
 * @param lastSequence        the sequence of the event's last change, numbered in this batch or before it
 * @param createdReservations reservations the batch created (a hold cancelled in the batch that created it is here)
 * @param updatedReservations reservations that existed before the batch and changed
 * @param createdEntries      waiting-list entries the batch created
 * @param updatedEntries      waiting-list entries that existed before the batch and changed
 * @param changedSections     sections whose counters changed
 * @param changedSeatRows     seat rows whose statuses differ from the stored ones (a seat held and released again in the
 *                            batch leaves its row out)
 * @param seatMaps            the event's seat maps as the batch leaves them, to be kept for its next batch once the
 *                            transaction committed: the inventory's own maps, handed over, since it is done with them
 */
public record UnitOfWork(long eventId, List<ReservationChange> changes, long lastSequence,
                         List<Reservation> createdReservations, List<Reservation> updatedReservations,
                         List<WaitlistEntry> createdEntries, List<WaitlistEntry> updatedEntries,
                         List<Section> changedSections, List<ChangedSeatRow> changedSeatRows, List<SeatMap> seatMaps) {

    /** A seat row to store, with the section it belongs to. */
    public record ChangedSeatRow(String section, SeatRow row) {
    }

    public UnitOfWork {
        changes = List.copyOf(changes);
        createdReservations = List.copyOf(createdReservations);
        updatedReservations = List.copyOf(updatedReservations);
        createdEntries = List.copyOf(createdEntries);
        updatedEntries = List.copyOf(updatedEntries);
        changedSections = List.copyOf(changedSections);
        changedSeatRows = List.copyOf(changedSeatRows);
        seatMaps = List.copyOf(seatMaps);
    }

    /**
     * Whether the batch numbered a reservation change, so that the event's new last sequence is stored, counters
     * changed or not: a sequence is never given twice (ARCHITECTURE.md, invariant 5). Each sequence numbers one
     * change, so this is whether there are changes.
     */
    public boolean sequenceAdvanced() {
        return !changes.isEmpty();
    }
}
