package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.Rejection;

/** What applying one command decided. */
public sealed interface Outcome {

    /**
     * The command changed state. {@code reservation} is the reservation it created or changed, if any;
     * {@code entry} the waiting-list entry of a waiting-list command.
     */
    record Succeeded(Reservation reservation, WaitlistEntry entry) implements Outcome {

        Succeeded(Reservation reservation) {
            this(reservation, null);
        }
    }

    record Rejected(Rejection reason, String detail) implements Outcome {
    }

    /** A release of a hold that was no longer held, or not yet due: nothing to do, nothing to publish. */
    record Ignored(String why) implements Outcome {
    }
}
