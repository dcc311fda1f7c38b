package dev.holdfast.worker.inventory;

import java.time.Instant;
import java.util.UUID;

/** A reservation as stored: a hold and what became of it. */
public record Reservation(UUID id, long eventId, String section, long userId, int quantity, ReservationStatus status,
                          UUID requestId, Instant expiresAt, Instant createdAt, Instant purchasedAt,
                          Instant cancelledAt, Instant expiredAt, String paymentReference) {

    static Reservation hold(UUID id, long eventId, String section, long userId, int quantity, UUID requestId,
                            Instant now, Instant expiresAt) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.HELD, requestId, expiresAt,
                now, null, null, null, null);
    }

    /** A hold whose time is up, whether or not its release has been applied. */
    public boolean isDue(Instant now) {
        return status == ReservationStatus.HELD && !now.isBefore(expiresAt);
    }

    /** Counts toward the owner's per-event ticket limit. */
    boolean countsTowardLimit(Instant now) {
        return status == ReservationStatus.PURCHASED || (status == ReservationStatus.HELD && !isDue(now));
    }

    Reservation purchased(Instant now, String reference) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.PURCHASED, requestId,
                expiresAt, createdAt, now, null, null, reference);
    }

    Reservation cancelled(Instant now) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.CANCELLED, requestId,
                expiresAt, createdAt, null, now, null, null);
    }

    /** Expired holds record {@code expiresAt} as their expiry time, however late the release was applied. */
    Reservation expired() {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.EXPIRED, requestId,
                expiresAt, createdAt, null, null, expiresAt, null);
    }
}
