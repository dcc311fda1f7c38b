package dev.holdfast.gateway.config;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A health check whose answer is reused for {@code timeToLive}: {@code /actuator/health} and its readiness group are
 * public, and a flood of them must not cost a database query or a Kafka call each. Once the answer is stale, one
 * caller checks again while the others get the last answer; only the very first check makes callers wait.
 */
final class CachedHealthIndicator implements HealthIndicator {

    private final HealthIndicator delegate;
    private final long timeToLiveNanos;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Health last;
    private volatile long checkedAt;

    CachedHealthIndicator(HealthIndicator delegate, Duration timeToLive) {
        this.delegate = delegate;
        this.timeToLiveNanos = timeToLive.toNanos();
    }

    @Override
    public Health health() {
        Health known = last;
        if (known != null && System.nanoTime() - checkedAt < timeToLiveNanos) {
            return known;
        }
        if (known != null && !checking.compareAndSet(false, true)) {
            return known;
        }
        if (known == null) {
            synchronized (this) {
                if (last != null) {
                    return last;
                }
                return check();
            }
        }
        try {
            return check();
        } finally {
            checking.set(false);
        }
    }

    private Health check() {
        Health health = delegate.health();
        last = health;
        checkedAt = System.nanoTime();
        return health;
    }
}
