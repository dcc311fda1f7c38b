package dev.holdfast.worker.inventory;

import java.util.List;

/**
 * State of an event that the inventory reads only when a command needs it, since usually none does: loading it for
 * every batch would cost a query per section.
 */
public interface StoredState {

    /** The holds of a section whose time is up at the batch's clock, locked. */
    List<Reservation> dueHolds(String section);

    /** The entries of a section's waiting list still waiting, in join order, locked. */
    List<WaitlistEntry> waitingEntries(String section);
}
