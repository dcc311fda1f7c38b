package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.TestGatewayProperties;
import dev.holdfast.gateway.limit.UserRateLimiter;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A submission's rate, Idempotency-Key and request id, before anything is appended. */
class CommandAdmissionTest {

    private final RequestRepository requests = mock(RequestRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private CommandAdmission admission(int ratePerSecond) {
        var properties = TestGatewayProperties.withRate(ratePerSecond);
        return new CommandAdmission(new RequestIds(properties), requests, properties, meters);
    }

    private static ReserveCommand admit(CommandAdmission admission, Caller caller, String key) {
        return (ReserveCommand) admission.admit(caller, key, CommandType.RESERVE, 1,
                (requestId, submittedAt) -> new ReserveCommand(requestId, 1, 7, "general", 1, submittedAt));
    }

    private static UUID idOf(CommandAdmission admission, Caller caller, String key) {
        return admit(admission, caller, key).requestId();
    }

    @Test
    void theCommandIsMadeWithTheIssuedIdAndTheTimeItTells() {
        var properties = TestGatewayProperties.withRate(0);
        var ids = new RequestIds(properties);
        var admission = new CommandAdmission(ids, requests, properties, meters);
        var ana = new Caller(7L);

        ReserveCommand command = admit(admission, ana, null);

        assertThat(ids.verify(command.requestId(), ana, Instant.now())).hasValueSatisfying(issued -> {
            assertThat(issued.type()).isEqualTo(CommandType.RESERVE);
            assertThat(issued.eventId()).isEqualTo(1);
            assertThat(issued.submittedAt()).isEqualTo(command.submittedAt());
        });
    }

    @Test
    void aCommandMadeOfAnotherTypeOrEventThanItsIdTellsIsAProgrammingError() {
        var admission = admission(0);

        assertThatThrownBy(() -> admission.admit(new Caller(7L), null, CommandType.RESERVE, 1,
                (requestId, submittedAt) -> new PurchaseCommand(requestId, 1, 7, UUID.randomUUID(), null, submittedAt)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> admission.admit(new Caller(7L), null, CommandType.RESERVE, 1,
                (requestId, submittedAt) -> new ReserveCommand(requestId, 2, 7, "general", 1, submittedAt)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aUserPastTheRateIsToldToRetryLaterAndCounted() {
        // two permits an hour: the third call is past the rate however slowly the machine makes the three
        var properties = TestGatewayProperties.withRate(0);
        var admission = new CommandAdmission(new RequestIds(properties), requests,
                new UserRateLimiter("commands", 2, Duration.ofHours(1)), meters);
        var ana = new Caller(7L);
        admit(admission, ana, null);
        admit(admission, ana, null);

        assertThatThrownBy(() -> admit(admission, ana, null))
                .isInstanceOfSatisfying(ApiException.class, limited -> {
                    assertThat(limited.code()).isEqualTo("rate_limited");
                    assertThat(limited.getStatusCode().value()).isEqualTo(429);
                    assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("1");
                });
        assertThat(meters.get("holdfast.gateway.commands.refused").tag("code", "rate_limited").counter().count())
                .isEqualTo(1);
        admit(admission, new Caller(8L), null);
        admit(admission, new Caller(null), null);
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        var admission = admission(0);
        for (int i = 0; i < 100; i++) {
            admit(admission, new Caller(7L), null);
        }
    }

    @Test
    void anIdempotencyKeyGivesTheSameRequestIdToTheSameUserOnly() {
        var admission = admission(0);
        UUID first = idOf(admission, new Caller(7L), "order-1");

        assertThat(idOf(admission, new Caller(7L), "order-1")).isEqualTo(first);
        assertThat(idOf(admission, new Caller(8L), "order-1")).isNotEqualTo(first);
        assertThat(idOf(admission, new Caller(7L), "order-2")).isNotEqualTo(first);
        assertThat(first.version()).isEqualTo(8);
        assertThat(idOf(admission, new Caller(7L), null)).isNotEqualTo(idOf(admission, new Caller(7L), null));
    }

    @Test
    void anIdempotencyKeyWithANulOrALoneSurrogateIsAValidationError() {
        var admission = admission(0);
        for (String key : new String[]{"order\u00001", "order-\uD800", "\uDC00"}) {
            assertThatThrownBy(() -> admit(admission, new Caller(7L), key))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(422);
                        assertThat(e.errors()).containsKey("Idempotency-Key");
                    });
        }
        admit(admission, new Caller(7L), "order-\uD83C\uDFAB");
    }

    @Test
    void anIdempotencyKeyMustBe1To255Characters() {
        var admission = admission(0);
        assertThatThrownBy(() -> admit(admission, new Caller(7L), ""))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("Idempotency-Key"));
        assertThatThrownBy(() -> admit(admission, new Caller(7L), "k".repeat(256))).isInstanceOf(ApiException.class);
        admit(admission, new Caller(7L), "k".repeat(255));
    }

    @Test
    void aKeyedRetryFindsItsSettledRequestAndAKeyFirstUsedForAnotherRequestIsRefused() {
        var admission = admission(0);
        ReserveCommand retry = admit(admission, new Caller(7L), "order-1");
        var settled = RequestDocument.settled(retry.requestId(), CommandType.RESERVE, 1, 7L, UUID.randomUUID(), null,
                null, null, null, null, null, retry.fingerprint(), Instant.now(), Instant.now());
        when(requests.findSettled(retry.requestId())).thenReturn(settled);

        assertThat(admission.settledRetry(retry, "order-1")).isSameAs(settled);
        assertThat(admission.settledRetry(retry, null)).as("no key, no lookup").isNull();
        var other = new ReserveCommand(retry.requestId(), 1, 7, "general", 3, retry.submittedAt());
        assertThatThrownBy(() -> admission.settledRetry(other, "order-1"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
    }
}
