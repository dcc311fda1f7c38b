package dev.holdfast.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** Published when the admin changed a section's capacity; {@code quantity} is the change (negative when lowered). */
public record SectionCapacityChanged(long eventId, long sequence, UUID requestId, String section, int quantity,
                                     Instant occurredAt, int capacity, int available, int held, int sold)
        implements ReservationEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.capacityChanged(this);
    }
}
