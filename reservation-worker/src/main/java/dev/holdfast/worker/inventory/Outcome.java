package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.Rejection;

import java.util.List;

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

    /** {@code unavailableSeats}: for {@code seats_unavailable}, the picked seats that could not be held. */
    record Rejected(Rejection reason, String detail, List<String> unavailableSeats) implements Outcome {

        public Rejected {
            unavailableSeats = unavailableSeats == null ? null : List.copyOf(unavailableSeats);
        }

        public Rejected(Rejection reason, String detail) {
            this(reason, detail, null);
        }
    }

    /** A release of a hold that was no longer held, or not yet due: nothing to do, nothing to publish. */
    record Ignored(String why) implements Outcome {
    }
}
