package dev.holdfast.gateway.request;

import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one user may ask of the request documents: a rate of polls (each costs a database read, and a guessed id as
 * much as a real one), and a number of long-polls open at once on this gateway (each holds a connection and a
 * waiter). Past either, 429 {@code rate_limited} with {@code Retry-After}. The admin is not limited.
 */
@Component
class PollLimits {

    private final UserRateLimiter polls;
    private final int maxLongPolls;
    private final Map<Long, Integer> longPolls = new ConcurrentHashMap<>();

    @Autowired
    PollLimits(GatewayProperties properties) {
        this(properties.pollRateLimitPerSecond(), properties.maxLongPollsPerUser());
    }

    PollLimits(int pollsPerSecond, int maxLongPollsPerUser) {
        if (maxLongPollsPerUser < 1) {
            throw new IllegalArgumentException("holdfast.gateway.max-long-polls-per-user must be at least 1");
        }
        this.polls = new UserRateLimiter("polls", pollsPerSecond);
        this.maxLongPolls = maxLongPollsPerUser;
    }

    /** @throws ApiException 429 when the caller polls faster than its rate */
    void admitPoll(Caller caller) {
        if (!polls.tryAcquire(caller)) {
            throw ApiException.rateLimited(1);
        }
    }

    /**
     * A place for one more long-poll of the caller; release it exactly once however the poll ends (the returned
     * runnable counts once, whoever calls it).
     *
     * @throws ApiException 429 when the caller has its maximum of long-polls open already
     */
    Runnable openLongPoll(Caller caller) {
        if (caller.isAdmin()) {
            return () -> {
            };
        }
        long user = caller.userId();
        boolean[] taken = {false};
        longPolls.compute(user, (key, open) -> {
            int count = open == null ? 0 : open;
            if (count >= maxLongPolls) {
                return open;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            var headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests",
                    "at most " + maxLongPolls + " long-polls of one user may be open at once; retry later", null,
                    headers);
        }
        var released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                longPolls.computeIfPresent(user, (key, open) -> open <= 1 ? null : open - 1);
            }
        };
    }

    int openLongPolls(long userId) {
        return longPolls.getOrDefault(userId, 0);
    }

    /** Forgets the poll rates once a minute, so that memory follows the users active lately. */
    @Scheduled(fixedDelay = 60_000)
    void forgetRates() {
        polls.forget();
    }
}
