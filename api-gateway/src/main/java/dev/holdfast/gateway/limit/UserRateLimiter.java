package dev.holdfast.gateway.limit;

import dev.holdfast.gateway.auth.Caller;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A per-user rate: at most {@code perSecond} permits in each second (a burst of that many, then none until the
 * second is over), with a limiter per user. The admin is not limited. Memory follows the users active lately:
 * {@link #forget()} drops every limiter, and the owner calls it about once a minute, so a user gets a fresh second
 * at most once a minute, far below the limit's scale.
 *
 * <p>A permit is on the path of every command and poll: a user's limiter is found by the caller's id as it comes (a
 * {@code Long} already), with no key to build and no lock when it is there; a limiter and its name are made only on
 * the user's first call after a {@link #forget()}.
 */
public final class UserRateLimiter {

    private final String name;
    private final boolean limited;
    private final RateLimiterConfig config;
    private final Map<Long, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Function<Long, RateLimiter> newLimiter = this::newLimiter;

    /** @param perSecond permits per user and second; 0 turns the limit off */
    public UserRateLimiter(String name, int perSecond) {
        this(name, perSecond, Duration.ofSeconds(1));
    }

    /** @param permits permits per user and {@code period}; 0 turns the limit off */
    public UserRateLimiter(String name, int permits, Duration period) {
        this.name = name;
        this.limited = permits > 0;
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, permits))
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Takes a permit for the caller; false when the caller is past its rate. */
    public boolean tryAcquire(Caller caller) {
        if (!limited || caller.isAdmin()) {
            return true;
        }
        RateLimiter limiter = limiters.get(caller.userId());
        if (limiter == null) {
            limiter = limiters.computeIfAbsent(caller.userId(), newLimiter);
        }
        return limiter.acquirePermission();
    }

    public void forget() {
        limiters.clear();
    }

    private RateLimiter newLimiter(Long userId) {
        return RateLimiter.of(name + "-" + userId, config);
    }
}
