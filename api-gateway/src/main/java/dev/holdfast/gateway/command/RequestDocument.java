package dev.holdfast.gateway.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.gateway.problem.ProblemSchema;
import dev.holdfast.gateway.problem.Problems;
import dev.holdfast.gateway.read.ReservationDocument;
import dev.holdfast.gateway.read.WaitlistEntryDocument;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.ProblemDetail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request, the gateway's one model of it: {@code pending}, then {@code succeeded} or {@code rejected} as its row of
 * {@code requests} says ({@link RequestRepository} reads it), with the reservation or waiting-list entry it concerns.
 * It is what {@code GET /api/requests/{id}} and a {@code 202} answer, and what a feature renders its success from.
 * A pending document served by an instance that did not accept the request says what its id tells (nothing but the
 * id and status for an id from an Idempotency-Key).
 *
 * <p>Two fields never leave the gateway, and are known once the request is settled: the user who submitted it (null
 * for the admin), who alone may read it, and the command's fingerprint, which tells a retry with the same
 * Idempotency-Key from another request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestDocument(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID requestId, String type,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                      description = "`pending`, `succeeded` or `rejected`") String status,
                              @Schema(description = "Absent when unknown") Long position, Long eventId,
                              UUID reservationId, ReservationDocument reservation, UUID waitlistEntryId,
                              WaitlistEntryDocument waitlistEntry,
                              @Schema(implementation = ProblemSchema.class) ProblemDetail problem,
                              Instant submittedAt, Instant completedAt, @JsonIgnore Long userId,
                              @JsonIgnore String fingerprint) {

    private static final String SUCCEEDED = "succeeded";

    /** A command this instance has just appended; {@code position} null when unknown. */
    static RequestDocument pending(Command command, Long position) {
        UUID reservationId = command instanceof ReservationCommand named ? named.reservationId() : null;
        return new RequestDocument(command.requestId(), command.commandType().wireName(), "pending", position,
                command.eventId(), reservationId, null, null, null, null, command.submittedAt(), null, null, null);
    }

    /** A request known only by what its id tells; {@code position} null when unknown. */
    public static RequestDocument pending(RequestIds.Issued issued, Long position) {
        return new RequestDocument(issued.requestId(), issued.type() == null ? null : issued.type().wireName(),
                "pending", position, issued.eventId(), null, null, null, null, null, issued.submittedAt(), null, null,
                null);
    }

    /**
     * A settled request, from its row: succeeded without a rejection, else rejected with the rejection's problem
     * ({@code unavailableSeats} name the seats of a {@code seats_unavailable} one).
     */
    public static RequestDocument settled(UUID requestId, CommandType type, long eventId, Long userId,
                                          UUID reservationId, ReservationDocument reservation, UUID waitlistEntryId,
                                          WaitlistEntryDocument waitlistEntry, Rejection rejection, String detail,
                                          List<String> unavailableSeats, String fingerprint, Instant submittedAt,
                                          Instant completedAt) {
        ProblemDetail problem = rejection == null ? null
                : Problems.of(rejection.code(), rejection.title(), rejection.status(), detail);
        if (problem != null && unavailableSeats != null) {
            problem.setProperty(Problems.UNAVAILABLE_SEATS, unavailableSeats);
        }
        return new RequestDocument(requestId, type.wireName(), rejection == null ? SUCCEEDED : "rejected", null,
                eventId, reservationId, reservation, waitlistEntryId, waitlistEntry, problem, submittedAt,
                completedAt, userId, fingerprint);
    }

    /** Whether the command succeeded; false while pending. */
    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
