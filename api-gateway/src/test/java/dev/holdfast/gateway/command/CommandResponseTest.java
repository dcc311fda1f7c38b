package dev.holdfast.gateway.command;

import dev.holdfast.gateway.problem.Problems;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A command's answer is written once, with its status, headers and JSON, whichever thread or timeout comes first. */
class CommandResponseTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/events/1/reservations");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private CommandResponse commandResponse() {
        request.setAsyncSupported(true);
        return new CommandResponse(request, response, Jackson2ObjectMapperBuilder.json().build().writer());
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
    void anAnswerKnownAtOnceIsWrittenOnTheRequestThread() throws Exception {
        CommandResponse commandResponse = commandResponse();

        commandResponse.send(CommandResponseTest::accepted);

        assertThat(request.isAsyncStarted()).isFalse();
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getHeader("Request-Id")).isEqualTo("r-1");
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
    }

    @Test
    void onlyTheFirstAnswerIsWrittenAndAProblemIsProblemJson() throws Exception {
        CommandResponse commandResponse = commandResponse();
        commandResponse.defer(Duration.ofSeconds(30), CommandResponseTest::accepted);

        commandResponse.send(() -> Problems.response(Problems.of("sold_out", "Sold out", 409, "none"),
                new HttpHeaders()));
        commandResponse.send(CommandResponseTest::accepted);

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"sold_out\"").doesNotContain("pending");
    }

    @Test
    void aTimeoutWithoutAnswerWritesTheTimeoutsAnswerAndALaterAnswerIsDropped() throws Exception {
        CommandResponse commandResponse = commandResponse();
        commandResponse.defer(Duration.ofSeconds(30), CommandResponseTest::accepted);

        timeOut();
        commandResponse.send(() -> ResponseEntity.status(201).body(Map.of("status", "held")));

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
    }

    @Test
    void whatRunsAfterTheWriteRunsOnceTheAnswerIsWrittenAndNotForAnAnswerDropped() throws Exception {
        CommandResponse commandResponse = commandResponse();
        commandResponse.defer(Duration.ofSeconds(30), CommandResponseTest::accepted);
        List<Integer> statusesSeenAfterWrite = new ArrayList<>();

        commandResponse.send(() -> ResponseEntity.status(201).body(Map.of("status", "held")),
                () -> statusesSeenAfterWrite.add(response.getStatus()));
        commandResponse.send(CommandResponseTest::accepted, () -> statusesSeenAfterWrite.add(-1));

        assertThat(statusesSeenAfterWrite).containsExactly(201);
    }

    @Test
    void anAnswerThatCannotBeMadeIsAProblemNotAnEmptySuccess() throws Exception {
        CommandResponse commandResponse = commandResponse();

        commandResponse.send(() -> {
            throw new IllegalStateException("broken");
        });

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString()).contains("\"code\":\"internal_error\"");
    }
}
