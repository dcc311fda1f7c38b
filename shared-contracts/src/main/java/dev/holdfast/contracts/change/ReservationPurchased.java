package dev.holdfast.contracts.change;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published when a hold was bought: its tickets went from held to sold. */
public record ReservationPurchased(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId,
        String section, int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId,
        int capacity, int available, int held, int sold, List<String> seats) implements ReservationChange {

    /** A change of a general-admission section, which has no seats. */
    public ReservationPurchased(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId, String section,
            int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId, int capacity,
            int available, int held, int sold) {
        this(eventId, sequence, reservationId, requestId, userId, section, quantity, occurredAt, expiresAt,
                waitlistEntryId, capacity, available, held, sold, null);
    }

    public ReservationPurchased {
        seats = seats == null ? null : List.copyOf(seats);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.purchased(this);
    }
}
