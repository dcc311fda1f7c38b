package dev.holdfast.gateway.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdfast.gateway.problem.Problem;
import dev.holdfast.gateway.reservation.ReservationDocument;

import java.time.Instant;
import java.util.UUID;

/** The state of a submitted command: {@code pending}, then {@code succeeded} or {@code rejected}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RequestDocument(UUID requestId, String type, String status, long eventId, UUID reservationId,
                       ReservationDocument reservation, Problem problem, Instant submittedAt, Instant completedAt) {

    static RequestDocument pending(PendingRequest request) {
        return new RequestDocument(request.requestId(), request.type().wireName(), "pending", request.eventId(),
                request.reservationId(), null, null, request.submittedAt(), null);
    }

    static RequestDocument of(RequestOutcome outcome) {
        Problem problem = outcome.succeeded() ? null : Problem.of(outcome.rejection().code(),
                outcome.rejection().title(), outcome.rejection().status(), outcome.detail());
        return new RequestDocument(outcome.requestId(), outcome.type().wireName(),
                outcome.succeeded() ? "succeeded" : "rejected", outcome.eventId(), outcome.reservationId(),
                outcome.reservation(), problem, outcome.submittedAt(), outcome.completedAt());
    }
}
