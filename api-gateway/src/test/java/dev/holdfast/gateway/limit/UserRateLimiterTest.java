package dev.holdfast.gateway.limit;

import dev.holdfast.gateway.auth.Caller;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A limiter per user, the admin free, and a fresh burst after {@code forget()}. The period is an hour, so that no
 * test crosses into the next one however slow the machine.
 */
class UserRateLimiterTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Caller ANA = new Caller(7L);
    private static final Caller BEN = new Caller(8L);
    private static final Caller ADMIN = new Caller(null);

    private static int granted(UserRateLimiter limiter, Caller caller, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(caller)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void eachUserHasABurstOfThePermitsOfAPeriodAndNoMore() {
        var limiter = new UserRateLimiter("commands", 3, HOUR);

        assertThat(granted(limiter, ANA, 10)).isEqualTo(3);
        assertThat(limiter.tryAcquire(new Caller(7L))).as("the same user, another Caller").isFalse();
        assertThat(granted(limiter, BEN, 10)).isEqualTo(3);
    }

    @Test
    void theAdminIsNeverLimited() {
        var limiter = new UserRateLimiter("commands", 1, HOUR);

        assertThat(granted(limiter, ADMIN, 100)).isEqualTo(100);
        assertThat(limiter.tryAcquire(ANA)).isTrue();
    }

    @Test
    void forgettingGivesEveryUserAFreshBurst() {
        var limiter = new UserRateLimiter("commands", 2, HOUR);
        granted(limiter, ANA, 5);
        granted(limiter, BEN, 5);

        limiter.forget();

        assertThat(granted(limiter, ANA, 5)).isEqualTo(2);
        assertThat(granted(limiter, BEN, 5)).isEqualTo(2);
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        var limiter = new UserRateLimiter("commands", 0);

        assertThat(granted(limiter, ANA, 1000)).isEqualTo(1000);
    }
}
