package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.HoldTime;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reservation as stored: a hold and what became of it. {@code waitlistEntryId} names the waiting-list entry the
 * hold was offered to (null for an ordinary reserve); {@code extensions} counts how often the hold was extended;
 * {@code seats} are its seats in row and seat order, null in a general-admission section.
 */
public record Reservation(UUID id, long eventId, String section, long userId, int quantity, ReservationStatus status,
                          UUID requestId, Instant expiresAt, Instant createdAt, Instant purchasedAt,
                          Instant cancelledAt, Instant expiredAt, String paymentReference, int extensions,
                          UUID waitlistEntryId, List<String> seats) {

    public Reservation {
        seats = seats == null ? null : List.copyOf(seats);
    }

    /** A reservation of a general-admission section, which has no seats. */
    public Reservation(UUID id, long eventId, String section, long userId, int quantity, ReservationStatus status,
                       UUID requestId, Instant expiresAt, Instant createdAt, Instant purchasedAt, Instant cancelledAt,
                       Instant expiredAt, String paymentReference, int extensions, UUID waitlistEntryId) {
        this(id, eventId, section, userId, quantity, status, requestId, expiresAt, createdAt, purchasedAt,
                cancelledAt, expiredAt, paymentReference, extensions, waitlistEntryId, null);
    }

    static Reservation hold(UUID id, long eventId, String section, long userId, int quantity, UUID requestId,
                            Instant now, Instant expiresAt, UUID waitlistEntryId, List<String> seats) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.HELD, requestId, expiresAt,
                now, null, null, null, null, 0, waitlistEntryId, seats);
    }

    /** A hold whose time is up, whether or not its release has been applied. */
    public boolean isDue(Instant now) {
        return status == ReservationStatus.HELD && HoldTime.isDue(expiresAt, now);
    }

    Reservation purchased(Instant now, String reference) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.PURCHASED, requestId,
                expiresAt, createdAt, now, null, null, reference, extensions, waitlistEntryId, seats);
    }

    Reservation cancelled(Instant now) {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.CANCELLED, requestId,
                expiresAt, createdAt, null, now, null, null, extensions, waitlistEntryId, seats);
    }

    /** Expired holds record {@code expiresAt} as their expiry time, however late the release was applied. */
    Reservation expired() {
        return new Reservation(id, eventId, section, userId, quantity, ReservationStatus.EXPIRED, requestId,
                expiresAt, createdAt, null, null, expiresAt, null, extensions, waitlistEntryId, seats);
    }

    Reservation extended(Instant newExpiresAt) {
        return new Reservation(id, eventId, section, userId, quantity, status, requestId, newExpiresAt, createdAt,
                purchasedAt, cancelledAt, expiredAt, paymentReference, extensions + 1, waitlistEntryId, seats);
    }
}
