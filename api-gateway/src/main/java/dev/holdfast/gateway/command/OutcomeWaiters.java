package dev.holdfast.gateway.command;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clients waiting for outcomes ({@code Prefer: wait} and {@code ?wait=}). The notifications of each committed batch
 * on {@link OutcomeChannel} carry most outcomes whole and name the rest; a single fetcher thread completes the waiters
 * of the carried outcomes somebody here waits for, and reads the others by primary key, in one query. No servlet
 * thread waits: callers get a future. A periodic re-read of everything waited for covers notifications lost while the
 * listening connection was re-established.
 *
 * <p>It times its stage of a command's cycle ({@code holdfast.gateway.stage}): {@code outcome-read}, one sample per
 * notified set of outcomes, from the notifications' arrival to the waiters completed, carried outcomes decoded and the
 * others read (with {@code holdfast.gateway.outcome.fetch.size}, the outcomes each read returned, and
 * {@code holdfast.gateway.outcomes.carried}, the waiters completed from a notification without a read), and
 * {@code outcome-recheck}, the same for each periodic re-read. Each waiter keeps when the notification that completed
 * it arrived, where {@link CommandPipeline}'s {@code wait} stage ends.
 */
@Component
public class OutcomeWaiters implements DatabaseNotifications.Listener {

    /** The longest a client may wait for an outcome, with {@code Prefer: wait} or a poll's {@code ?wait=}. */
    public static final int MAX_WAIT_SECONDS = 30;

    /** One client's wait for an outcome; it knows when the notification (or re-read) that completed it arrived. */
    static final class Waiter extends CompletableFuture<Optional<RequestDocument>> {

        private volatile long notifiedAt;

        /** Completes the wait with the outcome a notification that arrived at {@code notifiedAt} (nanoTime) named. */
        void settle(RequestDocument outcome, long notifiedAt) {
            this.notifiedAt = notifiedAt;
            complete(Optional.of(outcome));
        }

        /** When ({@link System#nanoTime}) the notification that completed this wait with an outcome arrived. */
        long notifiedAt() {
            return notifiedAt;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiters.class);

    private final RequestRepository requests;
    private final Map<UUID, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outcome-fetcher");
        thread.setDaemon(true);
        return thread;
    });
    private final Timer outcomeRead;
    private final Timer outcomeRecheck;
    private final DistributionSummary fetchSize;
    private final Counter carriedOutcomes;

    OutcomeWaiters(RequestRepository requests, DatabaseNotifications notifications, MeterRegistry meters) {
        this.requests = requests;
        Gauge.builder("holdfast.gateway.waiters", waiting, Map::size)
                .description("requests with a client waiting for their outcome").register(meters);
        this.outcomeRead = CommandPipeline.stage(meters, "outcome-read", "from the arrival of notifications to the "
                + "waiters of their outcomes completed, carried outcomes decoded and the others read");
        this.outcomeRecheck = CommandPipeline.stage(meters, "outcome-recheck", "from a periodic re-read's tick to the "
                + "outcomes of every waited-for request read and their waiters completed, per re-read");
        this.fetchSize = DistributionSummary.builder("holdfast.gateway.outcome.fetch.size")
                .description("outcomes read per fetch a notification caused").register(meters);
        this.carriedOutcomes = Counter.builder("holdfast.gateway.outcomes.carried")
                .description("waiters completed with the outcome their notification carried, without a read")
                .register(meters);
        notifications.listen(OutcomeChannel.NAME, this);
    }

    /**
     * Registers a waiter. It is completed by the notification of the batch that commits the outcome, so register it
     * before the command can be applied (before it is appended), or call {@link #checkNow} after registering.
     *
     * @return a future completed with the outcome as soon as it is committed, or with empty after {@code timeout}
     */
    public CompletableFuture<Optional<RequestDocument>> await(UUID requestId, Duration timeout) {
        return register(requestId, timeout);
    }

    /** {@link #await}, as the waiter itself: it tells when its notification arrived. */
    Waiter register(UUID requestId, Duration timeout) {
        var waiter = new Waiter();
        // one atomic step: a list being completed and removed at this moment cannot swallow the new waiter
        waiting.compute(requestId, (id, waiters) -> {
            List<Waiter> list = waiters == null ? new CopyOnWriteArrayList<>() : waiters;
            list.add(waiter);
            return list;
        });
        waiter.completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        waiter.whenComplete((outcome, error) -> waiting.computeIfPresent(requestId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        }));
        return waiter;
    }

    /** Completes the waiters of a request whose outcome may have been committed before they were registered. */
    public void checkNow(UUID requestId) {
        long asked = System.nanoTime();
        RequestDocument outcome = requests.findSettled(requestId);
        if (outcome != null) {
            complete(requestId, outcome, asked);
        }
    }

    private void complete(UUID requestId, RequestDocument outcome, long notifiedAt) {
        List<Waiter> waiters = waiting.remove(requestId);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.settle(outcome, notifiedAt));
        }
    }

    /**
     * Settles the waiters of the notified outcomes: from the outcome the notification carries, else from the database.
     * The listening thread only picks what somebody here waits for; the fetcher decodes and reads.
     */
    @Override
    public void notified(List<String> payloads) {
        long notifiedAt = System.nanoTime();
        List<OutcomeChannel.Line> wanted = new ArrayList<>();
        for (String payload : payloads) {
            if (payload == null || payload.isEmpty()) {
                recheck();
                return;
            }
            for (OutcomeChannel.Line line : OutcomeChannel.lines(payload)) {
                if (waiting.containsKey(line.requestId())) {
                    wanted.add(line);
                }
            }
        }
        if (!wanted.isEmpty()) {
            fetcher.execute(() -> settle(wanted, notifiedAt));
        }
    }

    /**
     * Completes the waiters of the outcomes carried whole, then reads the others (and any carried one that must be
     * read: {@link RequestRepository#fromNotification}), timed from the notification's arrival.
     */
    private void settle(List<OutcomeChannel.Line> notified, long notifiedAt) {
        Set<UUID> toRead = new HashSet<>();
        Instant now = Instant.now();
        int carried = 0;
        for (OutcomeChannel.Line line : notified) {
            RequestDocument outcome = line.carried() == null ? null : decoded(line, now);
            if (outcome == null) {
                toRead.add(line.requestId());
            } else {
                complete(line.requestId(), outcome, notifiedAt);
                carried++;
            }
        }
        carriedOutcomes.increment(carried);
        fetch(toRead, notifiedAt, true);
        if (toRead.isEmpty()) {
            outcomeRead.record(System.nanoTime() - notifiedAt, TimeUnit.NANOSECONDS);
        }
    }

    private RequestDocument decoded(OutcomeChannel.Line line, Instant now) {
        try {
            return requests.fromNotification(SettledOutcome.fromJson(line.carried()), now);
        } catch (RuntimeException e) {
            log.warn("cannot decode the outcome of request {} from its notification; reading it: {}",
                    line.requestId(), e.toString());
            return null;
        }
    }

    /** Re-reads everything waited for; at most one such read is queued at a time. */
    @Override
    public void recheck() {
        if (!waiting.isEmpty() && refreshQueued.compareAndSet(false, true)) {
            long ticked = System.nanoTime();
            fetcher.execute(() -> {
                refreshQueued.set(false);
                fetch(Set.copyOf(waiting.keySet()), ticked, false);
            });
        }
    }

    /**
     * Reads the outcomes of {@code ids} and completes their waiters, timed from {@code since}: when the notification
     * ({@code notified}) or the re-read's tick that asked for it arrived.
     */
    private void fetch(Set<UUID> ids, long since, boolean notified) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            Map<UUID, RequestDocument> outcomes = requests.findSettled(ids);
            outcomes.forEach((requestId, outcome) -> complete(requestId, outcome, since));
            if (notified) {
                outcomeRead.record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
                fetchSize.record(outcomes.size());
            } else {
                outcomeRecheck.record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            log.warn("cannot read outcomes for {} waiting requests: {}", ids.size(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        fetcher.shutdownNow();
        waiting.values().forEach(waiters -> waiters.forEach(waiter -> waiter.complete(Optional.empty())));
    }
}
