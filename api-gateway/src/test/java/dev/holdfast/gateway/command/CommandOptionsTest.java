package dev.holdfast.gateway.command;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client sends with a command, read from its request once. */
class CommandOptionsTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/events/1/reservations");

    private CommandOptions options() {
        return CommandOptions.of(request, new MockHttpServletResponse());
    }

    @Test
    void theIdempotencyKeyAndTheWaitAreReadAndSeveralPreferFieldsReadAsOne() {
        request.addHeader("Idempotency-Key", "order-1");
        request.addHeader("Prefer", "respond-async");
        request.addHeader("Prefer", "wait=5");

        CommandOptions options = options();

        assertThat(options.idempotencyKey()).isEqualTo("order-1");
        assertThat(options.preferredWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutHeadersThereIsNoKeyAndNoWait() {
        CommandOptions options = options();

        assertThat(options.idempotencyKey()).isNull();
        assertThat(options.preferredWait()).isZero();
    }

    @Test
    void aWaitIsCappedAtThirtySecondsAndOneThatIsNotANumberIsNone() {
        request.addHeader("Prefer", "handling=lenient; wait=\"600\"");
        assertThat(options().preferredWait()).isEqualTo(Duration.ofSeconds(OutcomeWaiters.MAX_WAIT_SECONDS));

        var other = new MockHttpServletRequest("POST", "/api/events/1/reservations");
        other.addHeader("Prefer", "wait=soon, nowait=3");
        assertThat(CommandOptions.of(other, new MockHttpServletResponse()).preferredWait()).isZero();
    }
}
