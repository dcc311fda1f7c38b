package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when a hold's time was up: its tickets went back to available (or to the waiting list). */
public record ReservationExpired(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId,
        String section, int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId,
        int capacity, int available, int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.expired(this);
    }
}
