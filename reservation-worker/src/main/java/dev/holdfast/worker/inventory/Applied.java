package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.event.ReservationEvent;

import java.util.List;

/**
 * What applying one command did: its outcome, and the reservation events it caused, in sequence order. A rejected
 * command may cause events too: a reserve answered sold out first releases the holds whose time is up.
 */
public record Applied(Outcome outcome, List<ReservationEvent> events) {

    public Applied {
        events = List.copyOf(events);
    }
}
