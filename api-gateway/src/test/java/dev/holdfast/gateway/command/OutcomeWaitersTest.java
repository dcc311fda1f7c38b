package dev.holdfast.gateway.command;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Waiters are completed from the notifications of committed batches, one read for the ids somebody waits for. */
class OutcomeWaitersTest {

    private final RequestRepository requests = mock(RequestRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OutcomeWaiters waiters = new OutcomeWaiters(requests, mock(DatabaseNotifications.class), meters);

    @AfterEach
    void stop() {
        waiters.stop();
    }

    private static RequestDocument succeeded(UUID requestId) {
        return RequestDocument.settled(requestId, CommandType.RESERVE, 1, 7L, UUID.randomUUID(), null, null, null,
                null, null, null, "f", Instant.now(), Instant.now());
    }

    @Test
    void aNotificationNamingTheRequestCompletesItsWaiterWithTheOutcomeRead() throws Exception {
        UUID waited = UUID.randomUUID();
        UUID nobodyWaits = UUID.randomUUID();
        var outcome = succeeded(waited);
        when(requests.findSettled(argThat((Collection<UUID> ids) -> ids.contains(waited))))
                .thenReturn(Map.of(waited, outcome));

        var future = waiters.await(waited, Duration.ofSeconds(60));
        waiters.notified(List.of(nobodyWaits + "," + waited));

        assertThat(future.get(30, TimeUnit.SECONDS)).contains(outcome);
        // only the ids somebody here waits for are read
        verify(requests).findSettled(argThat((Collection<UUID> ids) -> ids.size() == 1 && ids.contains(waited)));
    }

    private long samples(String stage) {
        return meters.get("holdfast.gateway.stage").tag("stage", stage).timer().count();
    }

    @Test
    void aFetchANotificationCausedIsOneOutcomeReadSampleThatCountsTheOutcomesItRead() throws Exception {
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(one, succeeded(one), other, succeeded(other)));
        var first = waiters.register(one, Duration.ofSeconds(60));
        var second = waiters.register(other, Duration.ofSeconds(60));

        long before = System.nanoTime();
        waiters.notified(List.of(one + "," + other));
        long after = System.nanoTime();

        assertThat(first.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(second.get(30, TimeUnit.SECONDS)).isPresent();
        // each waiter knows when the notification that completed it arrived: where a command's wait stage ends
        assertThat(first.notifiedAt()).isBetween(before, after).isEqualTo(second.notifiedAt());
        // recorded once the fetch has completed every waiter
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(samples("outcome-read")).isEqualTo(1);
            var fetchSize = meters.get("holdfast.gateway.outcome.fetch.size").summary();
            assertThat(fetchSize.count()).isEqualTo(1);
            assertThat(fetchSize.totalAmount()).isEqualTo(2);
        });
        assertThat(samples("outcome-recheck")).isZero();
    }

    @Test
    void aPeriodicRereadIsTimedAsAnOutcomeRecheckNotAsAnOutcomeRead() throws Exception {
        UUID waited = UUID.randomUUID();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(waited, succeeded(waited)));
        var future = waiters.register(waited, Duration.ofSeconds(60));

        waiters.recheck();

        assertThat(future.get(30, TimeUnit.SECONDS)).isPresent();
        await().atMost(Duration.ofSeconds(30)).until(() -> samples("outcome-recheck") == 1);
        assertThat(samples("outcome-read")).isZero();
        assertThat(meters.get("holdfast.gateway.outcome.fetch.size").summary().count()).isZero();
    }

    @Test
    void aWaiterNobodyAnswersGetsEmptyAfterItsTimeout() throws Exception {
        var future = waiters.await(UUID.randomUUID(), Duration.ofMillis(50));

        assertThat(future.get(30, TimeUnit.SECONDS)).isEmpty();
        // and is forgotten: nothing is left to read on a recheck
        assertThat(meters.get("holdfast.gateway.waiters").gauge().value()).isZero();
    }

    @Test
    void notificationsOfRequestsNobodyWaitsForAndForeignPayloadsReadNothing() {
        waiters.notified(List.of(UUID.randomUUID().toString(), "not-a-request-id"));

        verify(requests, timeout(200).times(0)).findSettled(anyCollection());
    }

    @Test
    void aRecheckReadsEveryRequestWaitedFor() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(second, succeeded(second)));
        var waitingLonger = waiters.await(first, Duration.ofSeconds(60));
        var answered = waiters.await(second, Duration.ofSeconds(60));

        waiters.recheck();

        assertThat(answered.get(30, TimeUnit.SECONDS)).isPresent();
        verify(requests, timeout(30_000)).findSettled(argThat((Collection<UUID> ids) -> ids.containsAll(List.of(first, second))));
        assertThat(waitingLonger).isNotDone();
    }

    @Test
    void anEmptyPayloadMeansNotificationsMayHaveBeenMissedAndRereadsEverything() throws Exception {
        UUID waited = UUID.randomUUID();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(waited, succeeded(waited)));
        var future = waiters.await(waited, Duration.ofSeconds(60));

        waiters.notified(List.of(""));

        assertThat(future.get(30, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void twoClientsWaitingForOneRequestBothGetTheOutcome() throws Exception {
        UUID waited = UUID.randomUUID();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(waited, succeeded(waited)));
        var one = waiters.await(waited, Duration.ofSeconds(60));
        var other = waiters.await(waited, Duration.ofSeconds(60));

        waiters.notified(List.of(waited.toString()));

        assertThat(one.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(other.get(30, TimeUnit.SECONDS)).isPresent();
        verify(requests, never()).findSettled(argThat((Collection<UUID> ids) -> ids.isEmpty()));
    }

    /** The outcome of a reserve as its notification carries it: held until {@code expiresAt}. */
    private static SettledOutcome carriedHold(UUID requestId, Instant expiresAt) {
        Instant now = Instant.parse("2026-12-02T15:00:00.123456Z");
        var hold = new SettledOutcome.Reservation(UUID.randomUUID(), 1, "ga", 2, null, "held", expiresAt, now, null,
                null, null, null, 0, null);
        return new SettledOutcome(requestId, "reserve", 1, 7L, hold.id(), null, null, null, "f", now, now, hold);
    }

    @Test
    void anOutcomeTheNotificationCarriesCompletesItsWaiterWithoutARead() throws Exception {
        UUID waited = UUID.randomUUID();
        SettledOutcome carried = carriedHold(waited, Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.MICROS));
        when(requests.fromNotification(any(), any())).thenCallRealMethod();

        var future = waiters.await(waited, Duration.ofSeconds(60));
        waiters.notified(OutcomeChannel.payloads(List.of(
                new OutcomeChannel.Line(UUID.randomUUID(), "{}"),
                new OutcomeChannel.Line(waited, carried.toJson()))));

        RequestDocument outcome = future.get(30, TimeUnit.SECONDS).orElseThrow();
        assertThat(outcome.status()).isEqualTo("succeeded");
        assertThat(outcome.reservation().id()).isEqualTo(carried.reservationId());
        assertThat(outcome.reservation().expiresAt()).isEqualTo(carried.reservation().expiresAt());
        assertThat(outcome.userId()).isEqualTo(7L);
        await().atMost(Duration.ofSeconds(30)).until(() -> samples("outcome-read") == 1);
        assertThat(meters.get("holdfast.gateway.outcomes.carried").counter().count()).isEqualTo(1);
        verify(requests, never()).findSettled(anyCollection());
    }

    @Test
    void aCarriedHoldDueWithinTheMarginAndAnOutcomeThatCannotBeDecodedAreRead() throws Exception {
        UUID dueSoon = UUID.randomUUID();
        UUID garbled = UUID.randomUUID();
        when(requests.fromNotification(any(), any())).thenCallRealMethod();
        when(requests.findSettled(anyCollection())).thenReturn(Map.of(dueSoon, succeeded(dueSoon),
                garbled, succeeded(garbled)));
        var first = waiters.await(dueSoon, Duration.ofSeconds(60));
        var second = waiters.await(garbled, Duration.ofSeconds(60));

        Instant due = Instant.now().plus(RequestRepository.CARRIED_HOLD_MARGIN).minusSeconds(1);
        waiters.notified(OutcomeChannel.payloads(List.of(
                new OutcomeChannel.Line(dueSoon, carriedHold(dueSoon, due).toJson()),
                new OutcomeChannel.Line(garbled, "{\"requestId\": 42"))));

        assertThat(first.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(second.get(30, TimeUnit.SECONDS)).isPresent();
        verify(requests).findSettled(argThat((Collection<UUID> ids) -> ids.equals(Set.of(dueSoon, garbled))));
        assertThat(meters.get("holdfast.gateway.outcomes.carried").counter().count()).isZero();
    }
}
