package dev.holdfast.worker.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * A user waiting for {@code quantity} tickets of a sold-out section. Entries of a section are served strictly in
 * {@code joinOrder}; once offered, {@code reservationId} is the hold made for it.
 */
public record WaitlistEntry(UUID id, long eventId, String section, long userId, int quantity, long joinOrder,
                            WaitlistStatus status, UUID requestId, UUID reservationId, Instant createdAt,
                            Instant offeredAt, Instant leftAt) {

    static WaitlistEntry waiting(UUID id, long eventId, String section, long userId, int quantity, long joinOrder,
                                 UUID requestId, Instant now) {
        return new WaitlistEntry(id, eventId, section, userId, quantity, joinOrder, WaitlistStatus.WAITING,
                requestId, null, now, null, null);
    }

    boolean isWaiting() {
        return status == WaitlistStatus.WAITING;
    }

    WaitlistEntry offered(UUID reservation, Instant now) {
        return new WaitlistEntry(id, eventId, section, userId, quantity, joinOrder, WaitlistStatus.OFFERED,
                requestId, reservation, createdAt, now, null);
    }

    WaitlistEntry left(Instant now) {
        return new WaitlistEntry(id, eventId, section, userId, quantity, joinOrder, WaitlistStatus.LEFT, requestId,
                null, createdAt, null, now);
    }
}
