package dev.holdfast.gateway.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.Problem;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A command's answer is written once, with its status, headers and JSON, whichever thread or timeout comes first. */
class CommandReplyTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/events/1/reservations");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private CommandReply reply() {
        request.setAsyncSupported(true);
        return new CommandReply(request, response, new ObjectMapper().writer());
    }

    private static ResponseEntity<?> accepted() {
        return ResponseEntity.accepted().header("Request-Id", "r-1").body(Map.of("status", "pending"));
    }

    private void timeOut() throws Exception {
        var context = (MockAsyncContext) request.getAsyncContext();
        for (AsyncListener listener : context.getListeners()) {
            listener.onTimeout(new AsyncEvent(context));
        }
    }

    @Test
    void theHeadersOfTheRequestTravelWithTheReplyAndSeveralPreferFieldsReadAsOne() {
        request.addHeader("Idempotency-Key", "order-1");
        request.addHeader("Prefer", "respond-async");
        request.addHeader("Prefer", "wait=5");

        CommandReply reply = reply();

        assertThat(reply.idempotencyKey()).isEqualTo("order-1");
        assertThat(Prefer.waitOf(reply.prefer())).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerKnownAtOnceIsWrittenOnTheRequestThread() throws Exception {
        CommandReply reply = reply();

        reply.send(CommandReplyTest::accepted);

        assertThat(request.isAsyncStarted()).isFalse();
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getHeader("Request-Id")).isEqualTo("r-1");
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
    }

    @Test
    void onlyTheFirstAnswerIsWrittenAndAProblemIsProblemJson() throws Exception {
        CommandReply reply = reply();
        reply.defer(Duration.ofSeconds(30), CommandReplyTest::accepted);

        reply.send(() -> Problem.of(ApiException.rejected(dev.holdfast.contracts.command.Rejection.SOLD_OUT, "none"))
                .toResponse(new HttpHeaders()));
        reply.send(CommandReplyTest::accepted);

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"sold_out\"").doesNotContain("pending");
    }

    @Test
    void aTimeoutWithoutAnswerWritesTheTimeoutsAnswerAndALaterAnswerIsDropped() throws Exception {
        CommandReply reply = reply();
        reply.defer(Duration.ofSeconds(30), CommandReplyTest::accepted);

        timeOut();
        reply.send(() -> ResponseEntity.status(201).body(Map.of("status", "held")));

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
    }

    @Test
    void anAnswerThatCannotBeMadeIsAProblemNotAnEmptySuccess() throws Exception {
        CommandReply reply = reply();

        reply.send(() -> {
            throw new IllegalStateException("broken");
        });

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString()).contains("\"code\":\"internal_error\"");
    }
}
