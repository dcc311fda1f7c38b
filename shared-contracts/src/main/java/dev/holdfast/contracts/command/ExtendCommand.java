package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/**
 * Extend a hold: its {@code expiresAt} becomes the time the command is applied plus the event's {@code holdSeconds},
 * at most {@code maxHoldExtensions} times per hold.
 */
public record ExtendCommand(UUID requestId, long eventId, long userId, UUID reservationId, Instant submittedAt)
        implements Command, UserCommand, ReservationCommand {

    @Override
    public CommandType commandType() {
        return CommandType.EXTEND;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, reservationId);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.extend(this);
    }
}
