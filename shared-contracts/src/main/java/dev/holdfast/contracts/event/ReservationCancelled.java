package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when a hold was cancelled: its tickets went back to available. */
public record ReservationCancelled(long eventId, long sequence, UUID reservationId, UUID requestId, long userId,
                               String section, int quantity, Instant occurredAt, int capacity, int available,
                               int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.cancelled(this);
    }
}
