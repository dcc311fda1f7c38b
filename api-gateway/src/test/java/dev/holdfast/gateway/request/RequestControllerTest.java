package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.JacksonConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The request document: pending for an id this gateway (or any other with the same secret) issued to the caller,
 * the outcome once written, and 404 for an id that is unknown or someone else's.
 */
@WebMvcTest(RequestController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class})
class RequestControllerTest {

    private static final String ANA = "Bearer ana";
    private static final String BEN = "Bearer ben";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    RequestRepository requests;
    @MockitoBean
    CommandLogPositions positions;
    @MockitoBean
    OutcomeWaiters waiters;
    @MockitoBean
    RequestIds requestIds;

    private final RequestIds realIds = new RequestIds(CommandGatewayTest.properties(0));

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(ANA)).thenReturn(new Caller(7L));
        when(authenticator.authenticate(BEN)).thenReturn(new Caller(8L));
        when(requests.findOutcomes(anyCollection())).thenReturn(Map.of());
        when(requestIds.verify(any(), any(), any()))
                .thenAnswer(call -> realIds.verify(call.getArgument(0), call.getArgument(1), call.getArgument(2)));
        when(positions.ofSubmission(anyLong(), any())).thenReturn(12L);
    }

    private ResultActions poll(UUID requestId, String token) throws Exception {
        var started = mvc.perform(get("/api/requests/" + requestId).header("Authorization", token)).andReturn();
        return mvc.perform(asyncDispatch(started));
    }

    @Test
    void anAcceptedRequestWithoutOutcomeIsPendingWithItsPlaceInLine() throws Exception {
        UUID id = realIds.issue(new Caller(7L), null, CommandType.RESERVE, 42, Instant.now());

        poll(id, ANA).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.type").value("reserve"))
                .andExpect(jsonPath("$.eventId").value(42))
                .andExpect(jsonPath("$.position").value(12));
    }

    @Test
    void someoneElsesPendingRequestIsNotFoundExactlyLikeAnUnknownOne() throws Exception {
        UUID anas = realIds.issue(new Caller(7L), null, CommandType.RESERVE, 42, Instant.now());

        mvc.perform(get("/api/requests/" + anas).header("Authorization", BEN))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/requests/" + UUID.randomUUID()).header("Authorization", ANA))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void aRejectedRequestCarriesItsProblem() throws Exception {
        UUID id = realIds.issue(new Caller(7L), null, CommandType.RESERVE, 42, Instant.now());
        when(requests.findOutcomes(anyCollection())).thenReturn(Map.of(id, new RequestOutcome(id, CommandType.RESERVE,
                42, 7L, null, null, Rejection.SOLD_OUT, "none left", "f", Instant.now(), Instant.now(), null, null)));

        poll(id, ANA).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.problem.code").value("sold_out"))
                .andExpect(jsonPath("$.problem.status").value(409));
    }

    @Test
    void someoneElsesFinishedRequestIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        when(requests.findOutcomes(anyCollection())).thenReturn(Map.of(id, new RequestOutcome(id, CommandType.RESERVE,
                42, 7L, null, null, Rejection.SOLD_OUT, "none left", "f", Instant.now(), Instant.now(), null, null)));

        mvc.perform(get("/api/requests/" + id).header("Authorization", BEN)).andExpect(status().isNotFound());
    }

    @Test
    void aWaitAboveThirtySecondsIsAValidationError() throws Exception {
        mvc.perform(get("/api/requests/" + UUID.randomUUID() + "?wait=31").header("Authorization", ANA))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.wait").exists());
    }
}
