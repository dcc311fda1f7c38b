package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when a hold was cancelled: its tickets went back to available (or to the waiting list). */
public record ReservationCancelled(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId,
        String section, int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId,
        int capacity, int available, int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.cancelled(this);
    }
}
