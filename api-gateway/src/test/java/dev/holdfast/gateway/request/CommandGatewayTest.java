package dev.holdfast.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@SuppressWarnings("unchecked")
class CommandGatewayTest {

    static final String REQUEST_ID_SECRET = "a-test-secret-of-at-least-32-characters";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void aSeatsUnavailableOutcomeAnsweredUnderPreferWaitNamesTheUnavailableSeats() throws Exception {
        var properties = properties(0);
        RequestRepository requests = mock(RequestRepository.class);
        var commands = new CommandGateway(mock(CommandLog.class), new RequestIds(properties),
                mock(CommandLogPositions.class), mock(OutcomeWaiters.class), requests, properties,
                new SimpleMeterRegistry());
        var request = new MockHttpServletRequest("POST", "/api/events/1/reservations");
        request.setAsyncSupported(true);
        request.addHeader("Idempotency-Key", "pick-1");
        request.addHeader("Prefer", "wait=5");
        var response = new MockHttpServletResponse();
        var reply = new CommandReply(request, response, JSON.writer());
        var admitted = commands.admit(new Caller(7L), reply, CommandType.RESERVE, 1);
        var pick = new ReserveCommand(admitted.requestId(), 1, 7, "stalls", 2, admitted.submittedAt(),
                List.of("A-1", "A-2"), null, null);
        // a retry of a pick whose outcome is known: answered at once, as the outcome
        when(requests.findOutcomes(List.of(pick.requestId()))).thenReturn(Map.of(pick.requestId(),
                new RequestOutcome(pick.requestId(), CommandType.RESERVE, 1, 7L, null, null,
                        Rejection.SEATS_UNAVAILABLE, "1 of the seats picked is taken", List.of("A-2"),
                        pick.fingerprint(), Instant.now(), Instant.now(), null, null)));

        commands.submit(pick, reply, outcome -> ResponseEntity.ok().build());

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getHeader("Preference-Applied")).isEqualTo("wait=5");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("code").asText()).isEqualTo("seats_unavailable");
        assertThat(problem.get("requestId").asText()).isEqualTo(pick.requestId().toString());
        assertThat(problem.get("unavailableSeats")).hasSize(1);
        assertThat(problem.get("unavailableSeats").get(0).asText()).isEqualTo("A-2");
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
