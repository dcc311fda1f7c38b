package dev.holdfast.gateway.limit;

import dev.holdfast.gateway.auth.Caller;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

import java.time.Duration;

/**
 * A per-user rate: at most {@code perSecond} permits in each second (a burst of that many, then none until the
 * second is over), with a limiter per user. The admin is not limited. Memory follows the users active lately:
 * {@link #forget()} drops every limiter, and the owner calls it about once a minute, so a user gets a fresh second
 * at most once a minute, far below the limit's scale.
 */
public final class UserRateLimiter {

    private final String name;
    private final boolean limited;
    private final RateLimiterRegistry limiters;

    /** @param perSecond permits per user and second; 0 turns the limit off */
    public UserRateLimiter(String name, int perSecond) {
        this.name = name;
        this.limited = perSecond > 0;
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, perSecond))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /** Takes a permit for the caller; false when the caller is past its rate. */
    public boolean tryAcquire(Caller caller) {
        return !limited || caller.isAdmin()
                || limiters.rateLimiter(name + "-" + caller.userId()).acquirePermission();
    }

    public void forget() {
        limiters.getAllRateLimiters().forEach(limiter -> limiters.remove(limiter.getName()));
    }
}
