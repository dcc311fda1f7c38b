package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when tickets of a section went from available to held for a user. */
public record ReservationHeld(long eventId, long sequence, UUID reservationId, UUID requestId, long userId,
                               String section, int quantity, Instant occurredAt, int capacity, int available,
                               int held, int sold) implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.held(this);
    }
}
