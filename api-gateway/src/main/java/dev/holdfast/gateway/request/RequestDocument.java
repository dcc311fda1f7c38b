package dev.holdfast.gateway.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.gateway.problem.Problem;
import dev.holdfast.gateway.read.ReservationDocument;
import dev.holdfast.gateway.read.WaitlistEntryDocument;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of a submitted command: {@code pending}, then {@code succeeded} or {@code rejected}. A pending document
 * served by an instance that did not accept the request says what its id tells (nothing but the id and status for
 * an id from an Idempotency-Key).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestDocument(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID requestId, String type,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                      description = "`pending`, `succeeded` or `rejected`") String status,
                              @Schema(description = "Absent when unknown") Long position, Long eventId,
                              UUID reservationId,
                       ReservationDocument reservation, UUID waitlistEntryId, WaitlistEntryDocument waitlistEntry,
                       Problem problem, Instant submittedAt, Instant completedAt) {

    /** A command this instance has just appended. */
    static RequestDocument pending(Command command, Long position) {
        UUID reservationId = command instanceof ReservationCommand named ? named.reservationId() : null;
        return new RequestDocument(command.requestId(), command.commandType().wireName(), "pending", position,
                command.eventId(), reservationId, null, null, null, null, command.submittedAt(), null);
    }

    /** A request known only by what its id tells. */
    static RequestDocument pending(RequestIds.Issued issued, Long position) {
        return new RequestDocument(issued.requestId(), issued.type() == null ? null : issued.type().wireName(),
                "pending", position, issued.eventId(), null, null, null, null, null, issued.submittedAt(), null);
    }

    static RequestDocument of(RequestOutcome outcome) {
        Problem problem = outcome.succeeded() ? null : Problem.of(outcome.rejection().code(),
                outcome.rejection().title(), outcome.rejection().status(), outcome.detail())
                .withUnavailableSeats(outcome.unavailableSeats());
        return new RequestDocument(outcome.requestId(), outcome.type().wireName(),
                outcome.succeeded() ? "succeeded" : "rejected", null, outcome.eventId(), outcome.reservationId(),
                outcome.reservation(), outcome.waitlistEntryId(), outcome.waitlistEntry(), problem,
                outcome.submittedAt(), outcome.completedAt());
    }
}
