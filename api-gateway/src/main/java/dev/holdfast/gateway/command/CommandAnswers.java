package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * What a command is answered: {@code 202} with its request document while its outcome is not known, the outcome once
 * it is (the feature's {@link CommandPipeline.Success}, or the rejection's problem, with {@code Request-Id} and
 * {@code Preference-Applied}), or {@code 503} when the log did not take it.
 */
@Component
class CommandAnswers {

    private static final Logger log = LoggerFactory.getLogger(CommandAnswers.class);
    private static final String REQUEST_ID = "Request-Id";

    private final CommandLogPositions positions;
    private final Counter unavailableProblems;

    CommandAnswers(CommandLogPositions positions, MeterRegistry meters) {
        this.positions = positions;
        this.unavailableProblems = meters.counter("holdfast.gateway.problems", "code", "unavailable");
    }

    /** 202 for a command whose outcome is not known, and whose place in line is not either. */
    ResponseEntity<?> accepted(Command command) {
        return accepted(RequestDocument.pending(command, null));
    }

    /**
     * 202 for a command this instance appended at {@code offset}, with its place in line. Finding it may ask Kafka
     * for the workers' offsets: make this answer on a container thread, not Kafka's.
     */
    ResponseEntity<?> appended(Command command, long offset) {
        return accepted(RequestDocument.pending(command, positions.ofOffset(command.eventId(), offset)));
    }

    /**
     * The answer to a keyed retry of a request settled before: its request document, or under {@code Prefer: wait}
     * its outcome, as if the command had been synchronous.
     */
    ResponseEntity<?> settled(RequestDocument settled, Duration wait, CommandPipeline.Success success) {
        return wait.isZero() ? accepted(settled) : outcome(settled, wait, success);
    }

    /**
     * The answer of an appended command once its wait is over: its outcome, or 202 while it has none. The log has
     * the command, so no failure here may answer as if it had not been taken (a 503 would invite a second
     * submission): when the outcome cannot be rendered (the database away), the answer is 202 and the client polls
     * (ARCHITECTURE.md, invariant 9).
     */
    ResponseEntity<?> waited(Optional<RequestDocument> known, Command command, Duration wait,
                             CommandPipeline.Success success) {
        if (known.isPresent()) {
            try {
                return sameRequestOutcome(known.get(), command, wait, success);
            } catch (RuntimeException e) {
                log.warn("cannot render the outcome of request {}; answering 202: {}", command.requestId(),
                        e.toString());
            }
        }
        return accepted(command);
    }

    /**
     * A 503: when the log refused the command outright, a plain one; when it did not confirm it in time, one that
     * says where the outcome would be, since the command may still be applied.
     */
    ResponseEntity<?> unavailable(UUID requestId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        ApiException problem;
        if (cause instanceof CommandLog.Unavailable refused) {
            problem = ApiException.unavailable(refused.getMessage() + "; retry later");
        } else {
            problem = ApiException.unavailable("the command log did not confirm the request in time; its outcome is "
                    + "unknown: retry with an Idempotency-Key, or poll " + location(requestId));
            problem.getHeaders().set(REQUEST_ID, requestId.toString());
            problem.getHeaders().setLocation(URI.create(location(requestId)));
        }
        unavailableProblems.increment();
        return Problems.response(problem.getBody(), problem.getHeaders());
    }

    /** The outcome of a request id, unless the id (from an Idempotency-Key) was first used for another request. */
    private static ResponseEntity<?> sameRequestOutcome(RequestDocument settled, Command command, Duration wait,
                                                        CommandPipeline.Success success) {
        if (!settled.fingerprint().equals(command.fingerprint())) {
            return Problems.response(ApiException.idempotencyKeyReused().getBody(), new HttpHeaders());
        }
        return outcome(settled, wait, success);
    }

    /** The answer of a settled request, as if the command had been synchronous. */
    private static ResponseEntity<?> outcome(RequestDocument settled, Duration wait, CommandPipeline.Success success) {
        var headers = new HttpHeaders();
        headers.set(REQUEST_ID, settled.requestId().toString());
        headers.set("Preference-Applied", "wait=" + wait.toSeconds());
        if (!settled.succeeded()) {
            return Problems.response(Problems.with(settled.problem(), Problems.REQUEST_ID, settled.requestId()),
                    headers);
        }
        ResponseEntity<?> answer = success.answer(settled);
        headers.addAll(answer.getHeaders());
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
    }

    private static ResponseEntity<Object> accepted(RequestDocument document) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create(location(document.requestId())))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(REQUEST_ID, document.requestId().toString())
                .body(document);
    }

    private static String location(UUID requestId) {
        return "/api/requests/" + requestId;
    }
}
