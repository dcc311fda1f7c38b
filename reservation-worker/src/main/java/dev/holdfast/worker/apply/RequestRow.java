package dev.holdfast.worker.apply;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.worker.inventory.Reservation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A row of the {@code requests} table: the final outcome of one applied command; {@code unavailableSeats} for a
 * {@code seats_unavailable} rejection.
 */
record RequestRow(UUID requestId, CommandType type, long eventId, Long userId, UUID reservationId,
                      UUID waitlistEntryId, Rejection rejection, String detail, String fingerprint,
                      Instant submittedAt, Instant completedAt, List<String> unavailableSeats) {

    String status() {
        return rejection == null ? "succeeded" : "rejected";
    }

    /**
     * How the outcome is announced on {@link OutcomeChannel}: carried whole when the batch knows everything a gateway
     * would read back for it, else by its id. {@code written} holds every reservation the batch created or changed, in
     * the state it leaves them. An id alone for a release (nobody waits for an expiry), for a waiting-list command
     * (an entry's place in the queue is counted when it is read), and for a rejection that names a reservation (the
     * batch did not load it whole, or may not own it).
     */
    OutcomeChannel.Line announcement(Map<UUID, Reservation> written) {
        if (type == CommandType.RELEASE || waitlistEntryId != null
                || reservationId != null && (rejection != null || !written.containsKey(reservationId))) {
            return OutcomeChannel.Line.idOnly(requestId);
        }
        Reservation reservation = reservationId == null ? null : written.get(reservationId);
        return new OutcomeChannel.Line(requestId, new SettledOutcome(requestId, type.wireName(), eventId, userId,
                reservationId, rejection == null ? null : rejection.code(), detail, unavailableSeats, fingerprint,
                submittedAt, completedAt, reservation == null ? null : settled(reservation)).toJson());
    }

    private static SettledOutcome.Reservation settled(Reservation reservation) {
        return new SettledOutcome.Reservation(reservation.id(), reservation.eventId(), reservation.section(),
                reservation.quantity(), reservation.seats(), reservation.status().wireName(),
                reservation.expiresAt(), reservation.createdAt(), reservation.purchasedAt(),
                reservation.cancelledAt(), reservation.expiredAt(), reservation.paymentReference(),
                reservation.extensions(), reservation.waitlistEntryId());
    }
}
