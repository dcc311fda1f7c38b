package dev.holdfast.contracts.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Release a hold whose {@code expiresAt} has passed (written by the expiry worker). Applied only to a hold that is
 * still held and due; anything else is ignored (ARCHITECTURE.md, invariant 7). Its request id is derived from the
 * reservation id, so that every release of one hold, from any expiry worker instance, is the same request.
 */
public record ReleaseCommand(UUID requestId, long eventId, UUID reservationId, Instant submittedAt)
        implements Command, ReservationCommand {

    public static ReleaseCommand of(long eventId, UUID reservationId, Instant submittedAt) {
        UUID requestId = UUID.nameUUIDFromBytes(("release:" + reservationId).getBytes(StandardCharsets.UTF_8));
        return new ReleaseCommand(requestId, eventId, reservationId, submittedAt);
    }

    @Override
    public CommandType commandType() {
        return CommandType.RELEASE;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, reservationId);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.release(this);
    }
}
