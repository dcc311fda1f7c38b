package dev.holdfast.gateway.request;

import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.limit.KeyedSlots;
import dev.holdfast.gateway.limit.UserRateLimiter;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What one user may ask of the request documents: a rate of polls (each costs a database read, and a guessed id as
 * much as a real one), and a number of long-polls open at once on this gateway (each holds a connection and a
 * waiter). Past either, 429 {@code rate_limited} with {@code Retry-After}. The admin is not limited.
 */
@Component
class PollLimits {

    private final UserRateLimiter polls;
    private final KeyedSlots<Long> longPolls;

    @Autowired
    PollLimits(GatewayProperties properties) {
        this(properties.pollRateLimitPerSecond(), properties.maxLongPollsPerUser());
    }

    PollLimits(int pollsPerSecond, int maxLongPollsPerUser) {
        if (maxLongPollsPerUser < 1) {
            throw new IllegalArgumentException("holdfast.gateway.max-long-polls-per-user must be at least 1");
        }
        this.polls = new UserRateLimiter("polls", pollsPerSecond);
        this.longPolls = new KeyedSlots<>(maxLongPollsPerUser);
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
        return longPolls.tryAcquire(caller.userId()).orElseThrow(() -> ApiException.rateLimited(1,
                "at most " + longPolls.max() + " long-polls of one user may be open at once; retry later"));
    }

    int openLongPolls(long userId) {
        return longPolls.open(userId);
    }

    /** Forgets the poll rates once a minute, so that memory follows the users active lately. */
    @Scheduled(fixedDelay = 60_000)
    void forgetRates() {
        polls.forget();
    }
}
