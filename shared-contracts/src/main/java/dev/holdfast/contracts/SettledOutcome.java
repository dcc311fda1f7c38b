package dev.holdfast.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request's outcome as the batch that settled it committed it, carried in its notification on
 * {@link OutcomeChannel}: the columns of its {@code requests} row, and the reservation it concerns in the state the
 * batch left it. A gateway renders it exactly as it renders the same request read from the database right after the
 * commit, without the read. The worker carries only outcomes it knows whole: those without a waiting-list entry (whose
 * place in the queue is counted at read time), and those whose reservation the batch itself created or changed.
 *
 * @param type          the command's wire name
 * @param userId        null for the admin's capacity changes
 * @param problemCode   the rejection's code, null when the command succeeded
 * @param reservation   the reservation the request names, as the batch left it; null when it names none
 */
public record SettledOutcome(UUID requestId, String type, long eventId, Long userId, UUID reservationId,
                             String problemCode, String problemDetail, List<String> unavailableSeats,
                             String fingerprint, Instant submittedAt, Instant completedAt, Reservation reservation) {

    /** A reservation's columns, as {@code reservations} stores them. {@code seats} null in a general admission. */
    public record Reservation(UUID id, long eventId, String section, int quantity, List<String> seats, String status,
                              Instant expiresAt, Instant createdAt, Instant purchasedAt, Instant cancelledAt,
                              Instant expiredAt, String paymentReference, int extensions, UUID waitlistEntryId) {
    }

    /** The JSON that travels in a notification (one line: no raw line breaks). */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the outcome of request " + requestId, e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a settled outcome */
    public static SettledOutcome fromJson(String json) {
        try {
            return Json.mapper().readValue(json, SettledOutcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a settled outcome: " + e.getOriginalMessage(), e);
        }
    }
}
