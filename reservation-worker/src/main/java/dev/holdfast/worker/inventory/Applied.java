package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.change.ReservationChange;

import java.util.List;

/**
 * What applying one command did: its outcome, and the reservation changes it caused, in sequence order. A rejected
 * command may cause changes too: a reserve answered sold out first releases the holds whose time is up. What the
 * batch stores is its {@link UnitOfWork}.
 */
public record Applied(Outcome outcome, List<ReservationChange> changes) {

    public Applied {
        changes = List.copyOf(changes);
    }
}
