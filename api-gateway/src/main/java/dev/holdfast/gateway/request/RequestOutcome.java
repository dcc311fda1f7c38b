package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.read.ReservationDocument;
import dev.holdfast.gateway.read.WaitlistEntryDocument;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code requests}: the final outcome of a command, with the reservation and the waiting-list entry it
 * concerns, if any. {@code unavailableSeats} names the seats of a {@code seats_unavailable} rejection.
 */
public record RequestOutcome(UUID requestId, CommandType type, long eventId, Long userId, UUID reservationId,
                      UUID waitlistEntryId, Rejection rejection, String detail, List<String> unavailableSeats,
                      String fingerprint,
                      Instant submittedAt, Instant completedAt, ReservationDocument reservation,
                      WaitlistEntryDocument waitlistEntry) {

    public boolean succeeded() {
        return rejection == null;
    }
}
