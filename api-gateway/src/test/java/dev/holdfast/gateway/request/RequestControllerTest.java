package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandLogPositions;
import dev.holdfast.gateway.command.OutcomeWaiters;
import dev.holdfast.gateway.command.RequestDocument;
import dev.holdfast.gateway.command.RequestIds;
import dev.holdfast.gateway.command.RequestRepository;
import dev.holdfast.gateway.command.TestRequestIds;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.read.ReservationDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The request document: pending for an id this gateway (or any other with the same secret) issued to the caller,
 * the outcome once written, and 404 for an id that is unknown or someone else's.
 */
@WebMvcTest(RequestController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestControllerTest.Limits.class})
class RequestControllerTest {

    private static final String ANA = "Bearer ana";
    private static final String BEN = "Bearer ben";
    /** Users of their own for the tests of the limits, which outlive a test in the shared context. */
    private static final String CY = "Bearer cy";
    private static final String DEE = "Bearer dee";
    /** The seat tests' user: ANA's polls would pass the limit within a second. */
    private static final String EVE = "Bearer eve";
    private static final int POLLS_PER_SECOND = 10;
    private static final int LONG_POLLS = 2;

    @TestConfiguration
    static class Limits {
        @Bean
        PollLimits pollLimits() {
            return new PollLimits(POLLS_PER_SECOND, LONG_POLLS);
        }
    }

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

    private final RequestIds realIds = TestRequestIds.create();

    /** The id of a reserve of event 42 that the user submitted at {@code submittedAt}. */
    private UUID issued(long userId, Instant submittedAt) {
        return TestRequestIds.issue(realIds, new Caller(userId), CommandType.RESERVE, 42, submittedAt);
    }

    private UUID issued(long userId) {
        return issued(userId, Instant.now());
    }

    private static RequestDocument rejected(UUID id, long userId, Rejection rejection, String detail,
                                            List<String> unavailableSeats) {
        return RequestDocument.settled(id, CommandType.RESERVE, 42, userId, null, null, null, null, rejection, detail,
                unavailableSeats, "f", Instant.now(), Instant.now());
    }

    private static RequestDocument succeeded(UUID id, long userId, ReservationDocument reservation) {
        return RequestDocument.settled(id, CommandType.RESERVE, 42, userId, reservation.id(), reservation, null, null,
                null, null, null, "f", Instant.now(), Instant.now());
    }

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(ANA)).thenReturn(new Caller(7L));
        when(authenticator.authenticate(BEN)).thenReturn(new Caller(8L));
        when(authenticator.authenticate(CY)).thenReturn(new Caller(9L));
        when(authenticator.authenticate(DEE)).thenReturn(new Caller(10L));
        when(authenticator.authenticate(EVE)).thenReturn(new Caller(11L));
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
        UUID id = issued(7);

        poll(id, ANA).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.type").value("reserve"))
                .andExpect(jsonPath("$.eventId").value(42))
                .andExpect(jsonPath("$.position").value(12));
    }

    @Test
    void someoneElsesPendingRequestIsNotFoundExactlyLikeAnUnknownOne() throws Exception {
        UUID anas = issued(7);

        mvc.perform(get("/api/requests/" + anas).header("Authorization", BEN))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/requests/" + UUID.randomUUID()).header("Authorization", ANA))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void aRejectedRequestCarriesItsProblem() throws Exception {
        UUID id = issued(7);
        when(requests.findSettled(id)).thenReturn(rejected(id, 7L, Rejection.SOLD_OUT, "none left", null));

        poll(id, ANA).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.problem.code").value("sold_out"))
                .andExpect(jsonPath("$.problem.status").value(409));
    }

    @Test
    void aSeatsUnavailableRejectionNamesTheUnavailableSeatsInItsProblem() throws Exception {
        UUID id = issued(11);
        when(requests.findSettled(id)).thenReturn(rejected(id, 11L, Rejection.SEATS_UNAVAILABLE,
                "2 of the seats picked are taken, blocked or unknown", List.of("A-12", "Z-1")));

        poll(id, EVE).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.problem.code").value("seats_unavailable"))
                .andExpect(jsonPath("$.problem.title").value("Seats unavailable"))
                .andExpect(jsonPath("$.problem.status").value(409))
                .andExpect(jsonPath("$.problem.unavailableSeats[0]").value("A-12"))
                .andExpect(jsonPath("$.problem.unavailableSeats[1]").value("Z-1"));
    }

    @Test
    void otherRejectionsCarryNoUnavailableSeats() throws Exception {
        UUID id = issued(11);
        when(requests.findSettled(id)).thenReturn(rejected(id, 11L, Rejection.NO_ADJACENT_SEATS,
                "no 4 seats side by side", null));

        poll(id, EVE).andExpect(status().isOk())
                .andExpect(jsonPath("$.problem.code").value("no_adjacent_seats"))
                .andExpect(jsonPath("$.problem.unavailableSeats").doesNotExist());
    }

    @Test
    void aSucceededReserveCarriesItsReservationWithItsSeats() throws Exception {
        UUID id = issued(11);
        UUID reservationId = UUID.randomUUID();
        var reservation = new ReservationDocument(reservationId, 42, "stalls", 2, List.of("A-11", "A-12"), "held",
                Instant.now(), Instant.now(), null, null, null, null, 0, null);
        when(requests.findSettled(id)).thenReturn(succeeded(id, 11L, reservation));

        poll(id, EVE).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.problem").doesNotExist())
                .andExpect(jsonPath("$.reservation.seats[0]").value("A-11"))
                .andExpect(jsonPath("$.reservation.seats[1]").value("A-12"));
    }

    @Test
    void aGeneralAdmissionReservationHasNullSeats() throws Exception {
        UUID id = issued(11);
        UUID reservationId = UUID.randomUUID();
        var reservation = new ReservationDocument(reservationId, 42, "floor", 2, null, "held", Instant.now(),
                Instant.now(), null, null, null, null, 0, null);
        when(requests.findSettled(id)).thenReturn(succeeded(id, 11L, reservation));

        poll(id, EVE).andExpect(status().isOk())
                .andExpect(jsonPath("$.reservation.seats").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.reservation.quantity").value(2));
    }

    @Test
    void someoneElsesFinishedRequestIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        when(requests.findSettled(id)).thenReturn(rejected(id, 7L, Rejection.SOLD_OUT, "none left", null));

        mvc.perform(get("/api/requests/" + id).header("Authorization", BEN)).andExpect(status().isNotFound());
    }

    @Test
    void aForgedIdIsNeverPending() throws Exception {
        UUID anas = issued(7);
        // the same payload with another tag, as a guesser would try
        UUID forged = new UUID(anas.getMostSignificantBits(), anas.getLeastSignificantBits() ^ 0x5A5A);

        mvc.perform(get("/api/requests/" + forged).header("Authorization", ANA))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void anExpiredIdIsNotFound() throws Exception {
        UUID old = issued(7, Instant.now().minus(Duration.ofHours(2)));

        mvc.perform(get("/api/requests/" + old).header("Authorization", ANA))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void aLongPollAnswersAnOutcomeOnlyToItsOwner() throws Exception {
        UUID id = issued(7);
        when(waiters.await(eq(id), any())).thenReturn(CompletableFuture.completedFuture(Optional.of(
                rejected(id, 8L, Rejection.SOLD_OUT, "none left", null))));

        var started = mvc.perform(get("/api/requests/" + id + "?wait=5").header("Authorization", ANA)).andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void aLongPollAnswersItsOwnersOutcome() throws Exception {
        UUID id = issued(7);
        when(waiters.await(eq(id), any())).thenReturn(CompletableFuture.completedFuture(Optional.of(
                rejected(id, 7L, Rejection.SOLD_OUT, "none left", null))));

        var started = mvc.perform(get("/api/requests/" + id + "?wait=5").header("Authorization", ANA)).andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("rejected"));
    }

    @Test
    void aUserPollingTooFastIsToldToRetryLater() throws Exception {
        UUID id = issued(9);
        int answered = 0;
        // within one second of the limiter (a slow machine may cross into the next one: then more pass)
        for (int i = 0; i < 3 * POLLS_PER_SECOND; i++) {
            var result = mvc.perform(get("/api/requests/" + id).header("Authorization", CY)).andReturn();
            if (result.getResponse().getStatus() == 429) {
                assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("1");
                assertThat(result.getResponse().getContentAsString()).contains("\"rate_limited\"");
                break;
            }
            answered++;
        }
        assertThat(answered).isLessThan(3 * POLLS_PER_SECOND);
        // another user is not affected
        poll(issued(7), ANA)
                .andExpect(status().isOk());
    }

    @Test
    void aUserMayHoldOnlySoManyLongPollsOpenAtOnce() throws Exception {
        UUID id = issued(10);
        var never = new CompletableFuture<Optional<RequestDocument>>();
        when(waiters.await(eq(id), any())).thenReturn(never);
        for (int i = 0; i < LONG_POLLS; i++) {
            mvc.perform(get("/api/requests/" + id + "?wait=30").header("Authorization", DEE))
                    .andExpect(request().asyncStarted());
        }

        mvc.perform(get("/api/requests/" + id + "?wait=30").header("Authorization", DEE))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("rate_limited"));
        // a plain poll still answers
        poll(id, DEE).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("pending"));
        // once the open ones answer, their places are free again
        never.complete(Optional.empty());
        mvc.perform(get("/api/requests/" + id + "?wait=30").header("Authorization", DEE))
                .andExpect(request().asyncStarted());
    }

    @Test
    void aWaitAboveThirtySecondsIsAValidationError() throws Exception {
        mvc.perform(get("/api/requests/" + UUID.randomUUID() + "?wait=31").header("Authorization", ANA))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.wait").exists());
    }
}
