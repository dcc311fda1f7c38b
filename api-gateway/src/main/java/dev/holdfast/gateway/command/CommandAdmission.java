package dev.holdfast.gateway.command;

import dev.holdfast.contracts.StorableText;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.limit.UserRateLimiter;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether a submission may go on, and as which request: the caller's rate, the Idempotency-Key, the request id
 * ({@link RequestIds#issue}: derived from the user and key when there is a key, so a retry lands on the same id,
 * ARCHITECTURE.md, invariant 3) and, for a keyed retry, the outcome already settled under that id. Nothing here
 * writes.
 */
@Component
class CommandAdmission {

    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final RequestIds requestIds;
    private final RequestRepository requests;
    private final UserRateLimiter rateLimiter;
    private final Counter rateLimited;

    @Autowired
    CommandAdmission(RequestIds requestIds, RequestRepository requests, GatewayProperties properties,
                     MeterRegistry meters) {
        this(requestIds, requests, new UserRateLimiter("commands", properties.rateLimitPerSecond()), meters);
    }

    /** With a rate of one's own (a test's limiter whose period outlasts the test). */
    CommandAdmission(RequestIds requestIds, RequestRepository requests, UserRateLimiter rateLimiter,
                     MeterRegistry meters) {
        this.requestIds = requestIds;
        this.requests = requests;
        this.rateLimiter = rateLimiter;
        this.rateLimited = meters.counter("holdfast.gateway.commands.refused", "code", "rate_limited");
    }

    /**
     * The command of a new submission, made by {@code newCommand} with the request id and submission time issued
     * here.
     *
     * @throws ApiException 429 past the caller's rate, 422 for a key of the wrong length or with text PostgreSQL
     *                      cannot store (a NUL, a lone surrogate)
     */
    Command admit(Caller caller, String idempotencyKey, CommandType type, long eventId,
                  CommandPipeline.NewCommand newCommand) {
        if (idempotencyKey != null
                && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ApiException.validation("Idempotency-Key", "must be 1 to 255 characters");
        }
        if (idempotencyKey != null && !StorableText.isStorable(idempotencyKey)) {
            throw ApiException.validation("Idempotency-Key", StorableText.PROBLEM);
        }
        if (!rateLimiter.tryAcquire(caller)) {
            rateLimited.increment();
            throw ApiException.rateLimited(1);
        }
        Instant submittedAt = RequestIds.submissionTime(Instant.now());
        UUID requestId = requestIds.issue(caller, idempotencyKey, type, eventId, submittedAt);
        Command command = newCommand.with(requestId, submittedAt);
        // the id tells the type and event to any gateway that answers a poll for it
        if (command.commandType() != type || command.eventId() != eventId || !requestId.equals(command.requestId())) {
            throw new IllegalStateException("a %s command for event %d was made as %s".formatted(type, eventId,
                    command));
        }
        return command;
    }

    /**
     * The request already settled for a keyed retry of this command, or null (no key, or nothing settled yet).
     *
     * @throws ApiException 422 {@code idempotency_key_reused} when the key was first used for another request
     */
    RequestDocument settledRetry(Command command, String idempotencyKey) {
        if (idempotencyKey == null) {
            return null;
        }
        RequestDocument settled = requests.findSettled(command.requestId());
        if (settled != null && !settled.fingerprint().equals(command.fingerprint())) {
            throw ApiException.idempotencyKeyReused();
        }
        return settled;
    }

    /**
     * Forgets every user's rate limiter once a minute, so that memory follows the users active lately rather than
     * every user ever seen. A user gets a fresh second at most once a minute: far below the limit's scale.
     */
    @Scheduled(fixedDelay = 60_000)
    void forgetRateLimiters() {
        rateLimiter.forget();
    }
}
