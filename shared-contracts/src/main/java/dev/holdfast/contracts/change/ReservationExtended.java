package dev.holdfast.contracts.change;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published when a hold was extended: {@code expiresAt} is its new expiry; the counters did not change. */
public record ReservationExtended(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId,
        String section, int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId,
        int capacity, int available, int held, int sold, List<String> seats) implements ReservationChange {

    /** A change of a general-admission section, which has no seats. */
    public ReservationExtended(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId, String section,
            int quantity, Instant occurredAt, Instant expiresAt, UUID waitlistEntryId, int capacity,
            int available, int held, int sold) {
        this(eventId, sequence, reservationId, requestId, userId, section, quantity, occurredAt, expiresAt,
                waitlistEntryId, capacity, available, held, sold, null);
    }

    public ReservationExtended {
        seats = seats == null ? null : List.copyOf(seats);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.extended(this);
    }
}
