package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when a hold's time was up: its tickets went back to available. */
public record ReservationExpired(long eventId, long sequence, UUID reservationId, UUID requestId, long userId,
                               String section, int quantity, Instant occurredAt, int capacity, int available,
                               int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.expired(this);
    }
}
