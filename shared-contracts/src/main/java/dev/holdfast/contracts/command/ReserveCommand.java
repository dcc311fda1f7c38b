package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Hold {@code quantity} tickets of one section for a user, all or nothing. In a seated section the worker chooses the
 * best available seats ({@code adjacent}, default true; {@code accessible}, default false) unless {@code seats} names
 * the exact seats wanted, in which case {@code quantity} is their number. The three seat fields are null for a
 * general-admission reserve.
 */
public record ReserveCommand(UUID requestId, long eventId, long userId, String section, int quantity,
                             Instant submittedAt, List<String> seats, Boolean adjacent, Boolean accessible)
        implements Command, UserCommand {

    public ReserveCommand {
        seats = seats == null ? null : List.copyOf(seats);
    }

    /** A reserve of a general-admission section, or a best-available reserve with the default seat rules. */
    public ReserveCommand(UUID requestId, long eventId, long userId, String section, int quantity,
                          Instant submittedAt) {
        this(requestId, eventId, userId, section, quantity, submittedAt, null, null, null);
    }

    /** Whether best available must put the seats side by side (the default). */
    public boolean requiresAdjacentSeats() {
        return adjacent == null || adjacent;
    }

    /** Whether best available must give accessible places, and only those. */
    public boolean wantsAccessibleSeats() {
        return accessible != null && accessible;
    }

    @Override
    public CommandType commandType() {
        return CommandType.RESERVE;
    }

    @Override
    public String fingerprint() {
        if (seats == null && adjacent == null && accessible == null) {
            // the fingerprint of a plain reserve is unchanged since seats exist: stored ones still match their retries
            return Fingerprint.of(commandType(), eventId, userId, section, quantity);
        }
        return Fingerprint.of(commandType(), eventId, userId, section, quantity, seats, adjacent, accessible);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reserve(this);
    }
}
