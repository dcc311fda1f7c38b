package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.Problem;
import dev.holdfast.gateway.problem.StorableText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The submit path of every command: rate limit, idempotency, append to the log, answer. It does no database write;
 * it answers 202 only once Kafka has durably taken the command (acks=all), and with {@code Prefer: wait} it holds
 * the answer, without holding a servlet thread, until the outcome is committed or the wait is over.
 */
@Component
public class CommandGateway {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);
    private static final String REQUEST_ID = "Request-Id";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    /**
     * How a feature answers the success of its command: status, {@code Location} and body, from the outcome. The
     * gateway adds {@code Request-Id} and {@code Preference-Applied}; rejections it answers itself.
     */
    @FunctionalInterface
    public interface Success {
        ResponseEntity<?> answer(RequestOutcome outcome);
    }

    /** A submission let in: its request id, and the time that id and the command carry. */
    public record Admission(UUID requestId, Instant submittedAt) {
    }

    private final CommandLog commandLog;
    private final RequestIds requestIds;
    private final CommandLogPositions positions;
    private final OutcomeWaiters waiters;
    private final RequestRepository requests;
    private final UserRateLimiter rateLimiter;
    private final MeterRegistry meters;
    private final Map<CommandType, Counter> publishedCounters = new EnumMap<>(CommandType.class);

    CommandGateway(CommandLog commandLog, RequestIds requestIds, CommandLogPositions positions,
                   OutcomeWaiters waiters, RequestRepository requests,
                   GatewayProperties properties, MeterRegistry meters) {
        this.commandLog = commandLog;
        this.requestIds = requestIds;
        this.positions = positions;
        this.waiters = waiters;
        this.requests = requests;
        this.meters = meters;
        for (CommandType type : CommandType.values()) {
            publishedCounters.put(type, meters.counter("holdfast.gateway.commands.published", "type", type.wireName()));
        }
        this.rateLimiter = new UserRateLimiter("commands", properties.rateLimitPerSecond());
    }

    /**
     * The request id of a new submission, checking the caller's rate and the Idempotency-Key.
     *
     * @throws ApiException 429 past the caller's rate, 422 for a key of the wrong length or with text PostgreSQL
     *                      cannot store (a NUL, a lone surrogate)
     */
    public Admission admit(Caller caller, CommandReply reply, CommandType type, long eventId) {
        String idempotencyKey = reply.idempotencyKey();
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ApiException.validation("Idempotency-Key", "must be 1 to 255 characters");
        }
        if (idempotencyKey != null && !StorableText.isStorable(idempotencyKey)) {
            throw ApiException.validation("Idempotency-Key", StorableText.PROBLEM);
        }
        if (!rateLimiter.tryAcquire(caller)) {
            meters.counter("holdfast.gateway.commands.refused", "code", "rate_limited").increment();
            throw ApiException.rateLimited(1);
        }
        Instant now = RequestIds.submissionTime(Instant.now());
        return new Admission(requestIds.issue(caller, idempotencyKey, type, eventId, now), now);
    }

    /**
     * Forgets every user's rate limiter once a minute, so that memory follows the users active lately rather than
     * every user ever seen. A user gets a fresh second at most once a minute: far below the limit's scale.
     */
    @Scheduled(fixedDelay = 60_000)
    void forgetRateLimiters() {
        rateLimiter.forget();
    }

    /**
     * Appends the command to the log and answers 202, or the outcome itself when the client prefers to wait. The
     * answer is written to {@code reply} from whichever thread learns it.
     */
    public void submit(Command command, CommandReply reply, Success success) {
        Duration wait = Prefer.waitOf(reply.prefer());
        boolean idempotent = reply.idempotencyKey() != null;
        UUID requestId = command.requestId();
        if (idempotent) {
            RequestOutcome done = requests.findOutcomes(List.of(requestId)).get(requestId);
            if (done != null) {
                requireSameRequest(done.fingerprint(), command);
                reply.send(() -> wait.isZero() ? accepted(RequestDocument.of(done)) : outcome(done, wait, success));
                return;
            }
        }
        reply.defer(wait.plusSeconds(30), () -> accepted(RequestDocument.pending(command, null)));
        // wait before appending, so that the notification of the batch that applies it cannot come too early
        CompletableFuture<Optional<RequestOutcome>> outcome = wait.isZero() ? null : waiters.await(requestId, wait);
        commandLog.append(command).whenComplete((appended, failure) -> {
            if (failure != null) {
                refused(requestId, outcome, failure);
                reply.send(() -> problem(unavailable(requestId, failure)));
                return;
            }
            published(command.commandType()).increment();
            if (outcome == null) {
                // the position may ask Kafka for the workers' offsets: made on a container thread, not this one
                reply.send(() -> accepted(RequestDocument.pending(command,
                        positions.ofOffset(command.eventId(), appended.offset()))));
                return;
            }
            outcome.thenAccept(known -> reply.send(() -> answer(known, command, wait, success)));
        });
    }

    /**
     * The answer of an appended command once its wait is over: its outcome, or 202 while it has none. The log has
     * the command, so no failure here may answer as if it had not been taken (a 503 would invite a second submission):
     * when the outcome cannot be rendered (the database away), the answer is 202 and the client polls
     * (ARCHITECTURE.md, invariant 9).
     */
    private ResponseEntity<?> answer(Optional<RequestOutcome> known, Command command, Duration wait,
                                     Success success) {
        if (known.isPresent()) {
            try {
                return sameRequestOutcome(known.get(), command, wait, success);
            } catch (RuntimeException e) {
                log.warn("cannot render the outcome of request {}; answering 202: {}", command.requestId(),
                        e.toString());
            }
        }
        return accepted(RequestDocument.pending(command, null));
    }

    private ResponseEntity<Object> problem(ApiException exception) {
        meters.counter("holdfast.gateway.problems", "code", exception.code()).increment();
        return Problem.of(exception).toResponse(exception.headers());
    }

    /** The counter of published commands of a type, registered once rather than looked up per command. */
    private Counter published(CommandType type) {
        return publishedCounters.get(type);
    }

    /**
     * A 503: when the log refused the command outright, a plain one; when it did not confirm it in time, one that
     * says where the outcome would be, since the command may still be applied.
     */
    private static ApiException unavailable(UUID requestId, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
        if (cause instanceof CommandLog.Unavailable refused) {
            return ApiException.unavailable(refused.getMessage() + "; retry later");
        }
        var unknown = ApiException.unavailable("the command log did not confirm the request in time; its outcome is "
                + "unknown: retry with an Idempotency-Key, or poll " + location(requestId));
        unknown.headers().set(REQUEST_ID, requestId.toString());
        unknown.headers().setLocation(URI.create(location(requestId)));
        return unknown;
    }

    private void refused(UUID requestId, CompletableFuture<?> outcome, Throwable failure) {
        log.warn("cannot append {} to the command log: {}", requestId, failure.getMessage());
        meters.counter("holdfast.gateway.commands.refused", "code", "unavailable").increment();
        if (outcome != null) {
            outcome.cancel(false);
        }
    }

    /** The outcome of a request id, unless the id (from an Idempotency-Key) was first used for another request. */
    private ResponseEntity<?> sameRequestOutcome(RequestOutcome done, Command command, Duration wait,
                                                 Success success) {
        if (!done.fingerprint().equals(command.fingerprint())) {
            return Problem.of(ApiException.idempotencyKeyReused()).toResponse(new HttpHeaders());
        }
        return outcome(done, wait, success);
    }

    private static String location(UUID requestId) {
        return "/api/requests/" + requestId;
    }

    private static void requireSameRequest(String fingerprint, Command command) {
        if (!fingerprint.equals(command.fingerprint())) {
            throw ApiException.idempotencyKeyReused();
        }
    }

    static ResponseEntity<Object> accepted(RequestDocument document) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create(location(document.requestId())))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(REQUEST_ID, document.requestId().toString())
                .body(document);
    }

    /** The answer of a known outcome, as if the command had been synchronous. */
    private static ResponseEntity<?> outcome(RequestOutcome outcome, Duration wait, Success success) {
        var headers = new HttpHeaders();
        headers.set(REQUEST_ID, outcome.requestId().toString());
        headers.set("Preference-Applied", "wait=" + wait.toSeconds());
        if (!outcome.succeeded()) {
            return Problem.of(ApiException.rejected(outcome.rejection(), outcome.detail()))
                    .withUnavailableSeats(outcome.unavailableSeats())
                    .withRequestId(outcome.requestId()).toResponse(headers);
        }
        ResponseEntity<?> answer = success.answer(outcome);
        headers.addAll(answer.getHeaders());
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
    }
}
