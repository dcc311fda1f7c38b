package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when a hold was bought: its tickets went from held to sold. */
public record ReservationPurchased(long eventId, long sequence, UUID reservationId, UUID requestId, long userId,
                               String section, int quantity, Instant occurredAt, int capacity, int available,
                               int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.purchased(this);
    }
}
