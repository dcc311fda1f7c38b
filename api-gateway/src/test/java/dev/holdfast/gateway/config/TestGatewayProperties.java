package dev.holdfast.gateway.config;

import java.time.Duration;

/** The gateway's settings for a test that builds its classes by hand, with a request id secret of its own. */
public final class TestGatewayProperties {

    public static final String REQUEST_ID_SECRET = "a-test-secret-of-at-least-32-characters";

    private TestGatewayProperties() {
    }

    /** @param ratePerSecond commands per user and second; 0 turns the limit off */
    public static GatewayProperties withRate(int ratePerSecond) {
        return new GatewayProperties("admin", REQUEST_ID_SECRET, ratePerSecond, Duration.ofHours(1),
                Duration.ofSeconds(1), "reservation-worker", Duration.ofMillis(100), Duration.ofSeconds(1), 20, 4, null);
    }
}
