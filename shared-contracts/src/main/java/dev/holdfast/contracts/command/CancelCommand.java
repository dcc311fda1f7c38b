package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/** Give a hold back: its tickets become available again at once. */
public record CancelCommand(UUID requestId, long eventId, long userId, UUID reservationId, Instant submittedAt)
        implements Command, UserCommand, ReservationCommand {

    @Override
    public CommandType commandType() {
        return CommandType.CANCEL;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, reservationId);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.cancel(this);
    }
}
