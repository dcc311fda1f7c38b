package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandLogPositions;
import dev.holdfast.gateway.command.OutcomeWaiters;
import dev.holdfast.gateway.command.RequestDocument;
import dev.holdfast.gateway.command.RequestIds;
import dev.holdfast.gateway.command.RequestRepository;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The request document, through any gateway instance: the outcome once it is written, and until then
 * {@code pending} for any id that {@link RequestIds} verifies for the caller, with no memory of who accepted it.
 * Every answer, pending or final, is the caller's own request or a 404; {@link PollLimits} bounds what one user
 * may ask.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Requests", description = "The outcome of a command")
class RequestController {

    private final RequestRepository requests;
    private final RequestIds requestIds;
    private final CommandLogPositions positions;
    private final OutcomeWaiters waiters;
    private final PollLimits limits;

    RequestController(RequestRepository requests, RequestIds requestIds, CommandLogPositions positions,
                      OutcomeWaiters waiters, PollLimits limits) {
        this.requests = requests;
        this.requestIds = requestIds;
        this.positions = positions;
        this.waiters = waiters;
        this.limits = limits;
    }

    /** The request document; with {@code ?wait=N} it answers as soon as the request is no longer pending. */
    @Operation(operationId = "getRequest", summary = "Read a request: pending, then its outcome", description = """
            `?wait=N` (N ≤ 30) long-polls until the status is no longer pending. Any gateway instance answers any \
            request id a gateway of the deployment issued, to the user who submitted it (anyone else gets 404). \
            One user's polls are limited (by default 20 a second, and 16 long-polls open at once on one gateway): \
            past that, 429 `rate_limited` with `Retry-After`.""")
    @ProblemResponses({"unauthorized", "not_found", "validation_failed", "rate_limited", "unavailable"})
    @GetMapping("/api/requests/{requestId}")
    DeferredResult<RequestDocument> get(Caller caller, @PathVariable UUID requestId,
                                        @RequestParam(defaultValue = "0") int wait) {
        if (wait < 0 || wait > OutcomeWaiters.MAX_WAIT_SECONDS) {
            throw ApiException.validation("wait",
                    "must be between 0 and %d".formatted(OutcomeWaiters.MAX_WAIT_SECONDS));
        }
        limits.admitPoll(caller);
        var response = new DeferredResult<RequestDocument>((wait + 30) * 1000L);
        RequestDocument settled = requests.findSettled(requestId);
        if (settled != null) {
            if (!ownedBy(caller, settled)) {
                throw notFound(requestId);
            }
            response.setResult(settled);
            return response;
        }
        RequestIds.Issued issued = requestIds.verify(requestId, caller, Instant.now())
                .orElseThrow(() -> notFound(requestId));
        RequestDocument pending = RequestDocument.pending(issued, issued.eventId() == null ? null
                : positions.ofSubmission(issued.eventId(), issued.submittedAt()));
        response.onTimeout(() -> response.setResult(pending));
        if (wait == 0) {
            response.setResult(pending);
        } else {
            Runnable release = limits.openLongPoll(caller);
            response.onCompletion(release);
            waiters.await(requestId, Duration.ofSeconds(wait)).thenAccept(outcome -> {
                release.run();
                // the id verified for the caller; the outcome is checked against its owner all the same
                if (outcome.isPresent() && !ownedBy(caller, outcome.get())) {
                    response.setErrorResult(notFound(requestId));
                } else {
                    response.setResult(outcome.orElse(pending));
                }
            });
            // the outcome may have been committed since the read above
            waiters.checkNow(requestId);
        }
        return response;
    }

    /** A user sees its own requests; the admin sees the capacity changes (which only the admin submits). */
    private static boolean ownedBy(Caller caller, RequestDocument settled) {
        return caller.isAdmin() ? CommandType.CAPACITY.wireName().equals(settled.type())
                : Objects.equals(caller.userId(), settled.userId());
    }

    private static ApiException notFound(UUID requestId) {
        return ApiException.notFound("no request " + requestId);
    }
}
