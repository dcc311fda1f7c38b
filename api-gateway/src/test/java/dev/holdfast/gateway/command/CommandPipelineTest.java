package dev.holdfast.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.TestGatewayProperties;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import dev.holdfast.gateway.read.ReservationDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** One call submits a command: admitted, appended and answered on the servlet response, with what a client sees. */
class CommandPipelineTest {

    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
    private static final CommandPipeline.Success HELD = outcome -> ResponseEntity
            .created(URI.create("/api/reservations/" + outcome.reservationId())).body(outcome.reservation());

    private final RequestIds ids = new RequestIds(TestGatewayProperties.withRate(0));
    private final RequestRepository requests = mock(RequestRepository.class);
    private final CommandLog commandLog = mock(CommandLog.class);
    private final OutcomeWaiters waiters = mock(OutcomeWaiters.class);
    private final CommandLogPositions positions = mock(CommandLogPositions.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommandPipeline pipeline = pipeline(waiters);

    private final Caller ana = new Caller(7L);
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/events/42/reservations");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    CommandPipelineTest() {
        request.setAsyncSupported(true);
    }

    private CommandPipeline pipeline(OutcomeWaiters outcomeWaiters) {
        return new CommandPipeline(
                new CommandAdmission(ids, requests, TestGatewayProperties.withRate(0), new SimpleMeterRegistry()),
                commandLog, outcomeWaiters, new CommandAnswers(positions, new SimpleMeterRegistry()), JSON, meters);
    }

    private void reserveTwo() {
        reserveTwo(pipeline);
    }

    private void reserveTwo(CommandPipeline pipeline) {
        pipeline.submit(ana, CommandOptions.of(request, response), CommandType.RESERVE, 42,
                (requestId, submittedAt) -> new ReserveCommand(requestId, 42, 7, "general", 2, submittedAt), HELD);
    }

    private void appendedAt(long offset) {
        when(commandLog.append(any())).thenReturn(CompletableFuture.completedFuture(
                new RecordMetadata(new TopicPartition("reservation-commands", 0), offset, 0, 0, 0, 0)));
    }

    private Command appended() {
        var command = ArgumentCaptor.forClass(Command.class);
        verify(commandLog).append(command.capture());
        return command.getValue();
    }

    /** The settled outcome of a reserve of two that held {@code reservationId}. */
    private static RequestDocument held(UUID requestId, UUID reservationId) {
        var reservation = new ReservationDocument(reservationId, 42, "general", 2, null, "held", Instant.now(),
                Instant.now(), null, null, null, null, 0, null);
        String fingerprint = new ReserveCommand(requestId, 42, 7, "general", 2, Instant.now()).fingerprint();
        return RequestDocument.settled(requestId, CommandType.RESERVE, 42, 7L, reservationId, reservation, null, null,
                null, null, null, fingerprint, Instant.now(), Instant.now());
    }

    private long samples(String stage) {
        return meters.get("holdfast.gateway.stage").tag("stage", stage).timer().count();
    }

    private static List<String> fieldsOf(JsonNode document) {
        List<String> names = new ArrayList<>();
        document.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anAppendedCommandIsAnswered202WithItsPendingDocumentAndItsPlaceInLine() throws Exception {
        appendedAt(17);
        when(positions.ofOffset(42, 17)).thenReturn(3L);

        reserveTwo();

        Command command = appended();
        assertThat(ids.verify(command.requestId(), ana, Instant.now())).isPresent();
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getHeader("Location")).isEqualTo("/api/requests/" + command.requestId());
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getHeader("Request-Id")).isEqualTo(command.requestId().toString());
        JsonNode document = JSON.readTree(response.getContentAsString());
        assertThat(fieldsOf(document)).containsExactly("requestId", "type", "status", "position", "eventId",
                "submittedAt");
        assertThat(document.get("type").asText()).isEqualTo("reserve");
        assertThat(document.get("position").asLong()).isEqualTo(3);
    }

    @Test
    void underPreferWaitTheOutcomeIsTheFeaturesSuccessWithRequestIdAndPreferenceApplied() throws Exception {
        request.addHeader("Prefer", "wait=5");
        appendedAt(17);
        UUID reservationId = UUID.randomUUID();
        when(waiters.register(any(), any())).thenAnswer(call -> {
            var waiter = new OutcomeWaiters.Waiter();
            waiter.settle(held(call.getArgument(0), reservationId), System.nanoTime());
            return waiter;
        });

        reserveTwo();

        Command command = appended();
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeader("Location")).isEqualTo("/api/reservations/" + reservationId);
        assertThat(response.getHeader("Request-Id")).isEqualTo(command.requestId().toString());
        assertThat(response.getHeader("Preference-Applied")).isEqualTo("wait=5");
        JsonNode held = JSON.readTree(response.getContentAsString());
        assertThat(held.get("id").asText()).isEqualTo(reservationId.toString());
        assertThat(held.get("status").asText()).isEqualTo("held");
    }

    @Test
    void aCommandAnsweredWithItsOutcomeRecordsOneSampleInEachOfTheGatewaysStages() throws Exception {
        var outcomeWaiters = new OutcomeWaiters(requests, mock(DatabaseNotifications.class), meters);
        try {
            request.addHeader("Prefer", "wait=5");
            appendedAt(17);
            UUID reservationId = UUID.randomUUID();
            when(requests.findSettled(anyCollection())).thenAnswer(call -> {
                Collection<UUID> wanted = call.getArgument(0);
                UUID requestId = wanted.iterator().next();
                return Map.of(requestId, held(requestId, reservationId));
            });

            reserveTwo(pipeline(outcomeWaiters));
            outcomeWaiters.notified(List.of(appended().requestId().toString()));

            // the fetcher thread answers, then records its fetch
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(response.getStatus()).isEqualTo(201);
                for (String stage : List.of("admit", "append", "wait", "outcome-read", "answer")) {
                    assertThat(samples(stage)).as(stage).isEqualTo(1);
                }
                var fetchSize = meters.get("holdfast.gateway.outcome.fetch.size").summary();
                assertThat(fetchSize.count()).isEqualTo(1);
                assertThat(fetchSize.totalAmount()).isEqualTo(1);
            });
            assertThat(samples("outcome-recheck")).isZero();
        } finally {
            outcomeWaiters.stop();
        }
    }

    @Test
    void aCommandAnswered202RecordsItsAdmissionAndAppendButNoWait() {
        appendedAt(17);

        reserveTwo();

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(samples("admit")).isEqualTo(1);
        assertThat(samples("append")).isEqualTo(1);
        assertThat(samples("wait")).isZero();
        assertThat(samples("answer")).isZero();
    }

    @Test
    void aWaitThatEndsWithoutTheOutcomeIsAnswered202AndRecordsNoWait() {
        request.addHeader("Prefer", "wait=5");
        appendedAt(17);
        when(waiters.register(any(), any())).thenAnswer(call -> {
            var waiter = new OutcomeWaiters.Waiter();
            waiter.complete(Optional.empty());
            return waiter;
        });

        reserveTwo();

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(samples("append")).isEqualTo(1);
        assertThat(samples("wait")).isZero();
        assertThat(samples("answer")).isZero();
    }

    @Test
    void aCommandTheLogDidNotTakeIsAnswered503() throws Exception {
        when(commandLog.append(any())).thenReturn(CompletableFuture.failedFuture(
                new CommandLog.Unavailable("the command log is unavailable", null)));

        reserveTwo();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(JSON.readTree(response.getContentAsString()).get("code").asText()).isEqualTo("unavailable");
        // admitted, but not appended
        assertThat(samples("admit")).isEqualTo(1);
        assertThat(samples("append")).isZero();
    }

    @Test
    void aSeatsUnavailableOutcomeAnsweredUnderPreferWaitNamesTheUnavailableSeats() throws Exception {
        request.addHeader("Idempotency-Key", "pick-1");
        request.addHeader("Prefer", "wait=5");
        // a retry of a pick whose outcome is known: answered at once, as the outcome, and not appended again
        when(requests.findSettled(any(UUID.class))).thenAnswer(call -> {
            UUID requestId = call.getArgument(0);
            var pick = new ReserveCommand(requestId, 42, 7, "stalls", 2, Instant.now(), List.of("A-1", "A-2"), null,
                    null);
            return RequestDocument.settled(requestId, CommandType.RESERVE, 42, 7L, null, null, null, null,
                    Rejection.SEATS_UNAVAILABLE, "1 of the seats picked is taken", List.of("A-2"), pick.fingerprint(),
                    Instant.now(), Instant.now());
        });

        pipeline.submit(ana, CommandOptions.of(request, response), CommandType.RESERVE, 42,
                (requestId, submittedAt) -> new ReserveCommand(requestId, 42, 7, "stalls", 2, submittedAt,
                        List.of("A-1", "A-2"), null, null), HELD);

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getHeader("Preference-Applied")).isEqualTo("wait=5");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("code").asText()).isEqualTo("seats_unavailable");
        assertThat(problem.get("requestId").asText()).isEqualTo(response.getHeader("Request-Id"));
        assertThat(problem.get("unavailableSeats")).hasSize(1);
        assertThat(problem.get("unavailableSeats").get(0).asText()).isEqualTo("A-2");
        verify(commandLog, never()).append(any());
    }

    @Test
    void theUserAndFingerprintOfASettledRequestNeverLeaveTheGateway() throws Exception {
        var settled = RequestDocument.settled(UUID.randomUUID(), CommandType.RESERVE, 42, 7L, null, null, null, null,
                Rejection.SOLD_OUT, "none left", null, "a-fingerprint", Instant.now(), Instant.now());

        JsonNode document = JSON.readTree(JSON.writeValueAsString(settled));

        assertThat(fieldsOf(document)).containsExactly("requestId", "type", "status", "eventId", "problem",
                "submittedAt", "completedAt");
        assertThat(document.get("status").asText()).isEqualTo("rejected");
        assertThat(fieldsOf(document.get("problem"))).containsExactly("type", "title", "status", "detail", "code");
    }
}
