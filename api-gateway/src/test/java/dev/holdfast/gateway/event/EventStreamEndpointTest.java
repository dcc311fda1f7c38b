package dev.holdfast.gateway.event;

import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.validation.RequestValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The stream endpoint's refusals are problem documents like every other, though the stream is not JSON. */
@WebMvcTest(EventController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class EventStreamEndpointTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventRepository events;
    @MockitoBean
    EventCatalog catalog;
    @MockitoBean
    CommandPipeline commands;
    @MockitoBean
    EventStreams streams;

    @Test
    void aStreamPastTheCapIsRateLimitedWithRetryAfter() throws Exception {
        doThrow(ApiException.rateLimited(EventStreams.RETRY_AFTER_SECONDS, "too many open streams"))
                .when(streams).watch(eq(42L), any(HttpServletRequest.class), any(HttpServletResponse.class));

        mvc.perform(get("/api/events/42/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("rate_limited"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.type").value("https://holdfast.dev/problems/rate-limited"));
    }

    @Test
    void aStreamOfAnUnknownEventIsNotFound() throws Exception {
        doThrow(ApiException.notFound("no event 9"))
                .when(streams).watch(eq(9L), any(HttpServletRequest.class), any(HttpServletResponse.class));

        mvc.perform(get("/api/events/9/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }
}
