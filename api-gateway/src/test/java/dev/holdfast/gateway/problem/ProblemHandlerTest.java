package dev.holdfast.gateway.problem;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A database that gives no connection in time answers 503 unavailable with Retry-After on every path, never 500. */
class ProblemHandlerTest {

    private static final String TIMED_OUT = "HikariPool-1 - Connection is not available, request timed out after 800ms";

    /** Each path fails as a request meets the outage somewhere else in the gateway. */
    private static final Map<String, Supplier<RuntimeException>> FAILURES = Map.of(
            "transaction", () -> new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                    new SQLTransientConnectionException(TIMED_OUT)),
            "query", () -> new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException(TIMED_OUT)),
            "pool", () -> new IllegalStateException(new SQLTransientConnectionException(TIMED_OUT)),
            "future", () -> new CompletionException(new CannotCreateTransactionException("no connection")),
            "bug", () -> new IllegalStateException("a bug"));

    @RestController
    static class Failing {
        @GetMapping("/fail/{how}")
        String fail(@PathVariable String how) {
            throw FAILURES.get(how).get();
        }

        @GetMapping("/pool")
        String pool() throws SQLTransientConnectionException {
            throw new SQLTransientConnectionException(TIMED_OUT);
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new ProblemHandler(meters)).build();

    @Test
    void noConnectionInTimeIsA503WithRetryAfterWhereverItIsMet() throws Exception {
        for (String how : new String[]{"transaction", "query", "pool", "future"}) {
            mvc.perform(get("/fail/" + how))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.code").value("unavailable"))
                    .andExpect(jsonPath("$.detail").value("the database cannot take the request now"));
        }
    }

    @Test
    void thePoolsOwnTimeoutIsA503() throws Exception {
        mvc.perform(get("/pool"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("unavailable"));
    }

    @Test
    void anyOtherFailureIsStillAnInternalError() throws Exception {
        mvc.perform(get("/fail/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal_error"));
    }

    @Test
    void everyProblemIsCountedUnderItsCode() throws Exception {
        mvc.perform(get("/fail/query")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/pool")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/fail/bug")).andExpect(status().isInternalServerError());

        assertEquals(2.0, meters.get("holdfast.gateway.problems").tag("code", "unavailable").counter().count());
        assertEquals(1.0, meters.get("holdfast.gateway.problems").tag("code", "internal_error").counter().count());
    }
}
