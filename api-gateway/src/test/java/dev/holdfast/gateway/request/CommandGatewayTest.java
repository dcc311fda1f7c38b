package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

@SuppressWarnings("unchecked")
class CommandGatewayTest {

    static final String REQUEST_ID_SECRET = "a-test-secret-of-at-least-32-characters";

    static GatewayProperties properties(int ratePerSecond) {
        return new GatewayProperties("admin", REQUEST_ID_SECRET, ratePerSecond, Duration.ofHours(1),
                Duration.ofSeconds(1), "reservation-worker", Duration.ofMillis(100), Duration.ofSeconds(1), 20, 4, null);
    }

    private static CommandGateway gateway(int ratePerSecond) {
        var properties = properties(ratePerSecond);
        return new CommandGateway(mock(CommandLog.class), new RequestIds(properties),
                mock(CommandLogPositions.class), mock(OutcomeWaiters.class), mock(RequestRepository.class),
                properties, new SimpleMeterRegistry());
    }

    private static UUID admit(CommandGateway commands, Caller caller, String key) {
        return commands.admit(caller, new CommandReply(key, null, null, null, null), CommandType.RESERVE, 1).requestId();
    }

    @Test
    void aUserPastTheRateIsToldToRetryLater() {
        var commands = gateway(2);
        var ana = new Caller(7L);
        admit(commands, ana, null);
        admit(commands, ana, null);

        assertThatThrownBy(() -> admit(commands, ana, null))
                .isInstanceOfSatisfying(ApiException.class, limited -> {
                    assertThat(limited.code()).isEqualTo("rate_limited");
                    assertThat(limited.status().value()).isEqualTo(429);
                    assertThat(limited.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        admit(commands, new Caller(8L), null);
        admit(commands, new Caller(null), null);
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        var commands = gateway(0);
        for (int i = 0; i < 100; i++) {
            admit(commands, new Caller(7L), null);
        }
    }

    @Test
    void anIdempotencyKeyGivesTheSameRequestIdToTheSameUserOnly() {
        var commands = gateway(0);
        UUID first = admit(commands, new Caller(7L), "order-1");

        assertThat(admit(commands, new Caller(7L), "order-1")).isEqualTo(first);
        assertThat(admit(commands, new Caller(8L), "order-1")).isNotEqualTo(first);
        assertThat(admit(commands, new Caller(7L), "order-2")).isNotEqualTo(first);
        assertThat(first.version()).isEqualTo(8);
        assertThat(admit(commands, new Caller(7L), null)).isNotEqualTo(admit(commands, new Caller(7L), null));
    }

    @Test
    void anIdempotencyKeyWithANulOrALoneSurrogateIsAValidationError() {
        var commands = gateway(0);
        for (String key : new String[]{"order\u00001", "order-\uD800", "\uDC00"}) {
            assertThatThrownBy(() -> admit(commands, new Caller(7L), key))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(422);
                        assertThat(e.errors()).containsKey("Idempotency-Key");
                    });
        }
        admit(commands, new Caller(7L), "order-\uD83C\uDFAB");
    }

    @Test
    void anIdempotencyKeyMustBe1To255Characters() {
        var commands = gateway(0);
        assertThatThrownBy(() -> admit(commands, new Caller(7L), ""))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("Idempotency-Key"));
        assertThatThrownBy(() -> admit(commands, new Caller(7L), "k".repeat(256))).isInstanceOf(ApiException.class);
        admit(commands, new Caller(7L), "k".repeat(255));
    }
}
