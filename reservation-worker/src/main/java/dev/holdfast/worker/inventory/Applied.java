package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.change.ReservationChange;

import java.util.List;

/**
 * What applying one command did: its outcome, and the reservation changes it caused, in sequence order. A rejected
 * command may cause events too: a reserve answered sold out first releases the holds whose time is up.
 */
public record Applied(Outcome outcome, List<ReservationChange> events) {

    public Applied {
        events = List.copyOf(events);
    }
}
