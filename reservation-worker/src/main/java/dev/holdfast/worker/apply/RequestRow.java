package dev.holdfast.worker.apply;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;

import java.time.Instant;
import java.util.List;
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
}
