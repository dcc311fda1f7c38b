package dev.holdfast.gateway.request;

import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.event.EventRepository;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

@SuppressWarnings("unchecked")
class CommandGatewayTest {

    private static CommandGateway gateway(int ratePerSecond) {
        var properties = new GatewayProperties("admin", ratePerSecond, 1, (short) 1, Duration.ofHours(1),
                Duration.ofSeconds(1));
        return new CommandGateway(mock(KafkaTemplate.class), mock(PendingRequests.class), mock(OutcomeWaiters.class),
                mock(RequestRepository.class), mock(EventRepository.class), properties, new SimpleMeterRegistry());
    }

    @Test
    void aUserPastTheRateIsToldToRetryLater() {
        var commands = gateway(2);
        var ana = new Caller(7L);
        commands.admit(ana, null);
        commands.admit(ana, null);

        assertThatThrownBy(() -> commands.admit(ana, null))
                .isInstanceOfSatisfying(ApiException.class, limited -> {
                    assertThat(limited.code()).isEqualTo("rate_limited");
                    assertThat(limited.status().value()).isEqualTo(429);
                    assertThat(limited.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        commands.admit(new Caller(8L), null);
        commands.admit(new Caller(null), null);
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        var commands = gateway(0);
        for (int i = 0; i < 100; i++) {
            commands.admit(new Caller(7L), null);
        }
    }

    @Test
    void anIdempotencyKeyGivesTheSameRequestIdToTheSameUserOnly() {
        var commands = gateway(0);
        UUID first = commands.admit(new Caller(7L), "order-1");

        assertThat(commands.admit(new Caller(7L), "order-1")).isEqualTo(first);
        assertThat(commands.admit(new Caller(8L), "order-1")).isNotEqualTo(first);
        assertThat(commands.admit(new Caller(7L), "order-2")).isNotEqualTo(first);
        assertThat(first.version()).isEqualTo(8);
        assertThat(commands.admit(new Caller(7L), null)).isNotEqualTo(commands.admit(new Caller(7L), null));
    }

    @Test
    void anIdempotencyKeyMustBe1To255Characters() {
        var commands = gateway(0);
        assertThatThrownBy(() -> commands.admit(new Caller(7L), ""))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("Idempotency-Key"));
        assertThatThrownBy(() -> commands.admit(new Caller(7L), "k".repeat(256))).isInstanceOf(ApiException.class);
        commands.admit(new Caller(7L), "k".repeat(255));
    }
}
