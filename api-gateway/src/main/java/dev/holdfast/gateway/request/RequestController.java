package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.Validator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

@RestController
class RequestController {

    private final RequestRepository requests;
    private final PendingRequests pending;
    private final OutcomeWaiters waiters;

    RequestController(RequestRepository requests, PendingRequests pending, OutcomeWaiters waiters) {
        this.requests = requests;
        this.pending = pending;
        this.waiters = waiters;
    }

    /** The request document; with {@code ?wait=N} it answers as soon as the request is no longer pending. */
    @GetMapping("/api/requests/{requestId}")
    DeferredResult<RequestDocument> get(Caller caller, @PathVariable UUID requestId,
                                        @RequestParam(defaultValue = "0") int wait) {
        new Validator().range("wait", wait, 0, Prefer.MAX_WAIT_SECONDS).validate();
        var response = new DeferredResult<RequestDocument>((wait + 30) * 1000L);
        Optional<RequestOutcome> done = Optional.ofNullable(requests.findOutcomes(List.of(requestId)).get(requestId));
        if (done.isPresent()) {
            if (!ownedBy(caller, done.get().userId(), done.get().type())) {
                throw notFound(requestId);
            }
            response.setResult(RequestDocument.of(done.get()));
            return response;
        }
        Optional<PendingRequest> inFlight = pending.find(requestId);
        if (inFlight.isEmpty()) {
            // it may have completed, and left the pending requests, since the read above
            done = Optional.ofNullable(requests.findOutcomes(List.of(requestId)).get(requestId));
            if (done.isPresent() && ownedBy(caller, done.get().userId(), done.get().type())) {
                response.setResult(RequestDocument.of(done.get()));
                return response;
            }
        }
        PendingRequest submitted = inFlight
                .filter(request -> ownedBy(caller, request.userId(), request.type()))
                .orElseThrow(() -> notFound(requestId));
        response.onTimeout(() -> response.setResult(RequestDocument.pending(submitted)));
        if (wait == 0) {
            response.setResult(RequestDocument.pending(submitted));
        } else {
            waiters.await(requestId, Duration.ofSeconds(wait)).thenAccept(outcome -> response.setResult(
                    outcome.map(RequestDocument::of).orElseGet(() -> RequestDocument.pending(submitted))));
            // the outcome may have been committed since the read above
            waiters.checkNow(requestId);
        }
        return response;
    }

    /** A user sees its own requests; the admin sees the capacity changes (which only the admin submits). */
    private static boolean ownedBy(Caller caller, Long userId, CommandType type) {
        return caller.isAdmin() ? type == CommandType.CAPACITY : Objects.equals(caller.userId(), userId);
    }

    private static ApiException notFound(UUID requestId) {
        return ApiException.notFound("no request " + requestId);
    }
}
