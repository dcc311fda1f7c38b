package dev.holdfast.worker.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * A reservation as stored: a hold and what became of it. {@code waitlistEntryId} names the waiting-list entry the
 * hold was offered to (null for an ordinary reserve); {@code extensions} counts how often the hold was extended.
 */
public record Reservation(UUID id, long eventId, String section, long userId, int quantity, ReservationStatus status,
                          UUID requestId, Instant expiresAt, Instant createdAt, Instant purchasedAt,
                          Instant cancelledAt, Instant expiredAt, String paymentReference, int extensions,
                          UUID waitlistEntryId) {

    static Reservation hold(UUID id, long eventId, String section, long userId, int quantity, UUID requestId,
                            Instant now, Instant expiresAt, UUID waitlistEntryId) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.HELD, requestId, expiresAt,
                now, null, null, null, null, 0, waitlistEntryId);
    }

    /** A hold whose time is up, whether or not its release has been applied. */
    public boolean isDue(Instant now) {
        return status == ReservationStatus.HELD && !now.isBefore(expiresAt);
    }

    Reservation purchased(Instant now, String reference) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.PURCHASED, requestId,
                expiresAt, createdAt, now, null, null, reference, extensions, waitlistEntryId);
    }

    Reservation cancelled(Instant now) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.CANCELLED, requestId,
                expiresAt, createdAt, null, now, null, null, extensions, waitlistEntryId);
    }

    /** Expired holds record {@code expiresAt} as their expiry time, however late the release was applied. */
    Reservation expired() {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.EXPIRED, requestId,
                expiresAt, createdAt, null, null, expiresAt, null, extensions, waitlistEntryId);
    }

    Reservation extended(Instant newExpiresAt) {
        return new Reservation(id, eventId, section, userId, quantity, status, requestId, newExpiresAt, createdAt,
                purchasedAt, cancelledAt, expiredAt, paymentReference, extensions + 1, waitlistEntryId);
    }
}
