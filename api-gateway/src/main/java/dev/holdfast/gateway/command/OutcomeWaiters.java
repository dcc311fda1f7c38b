package dev.holdfast.gateway.command;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
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
 * on {@link OutcomeChannel} name its request ids, and a single fetcher thread reads the outcomes of those that
 * somebody here waits for, by primary key, in one query. No servlet thread waits: callers get a future. A periodic
 * re-read of everything waited for covers notifications lost while the listening connection was re-established.
 */
@Component
public class OutcomeWaiters implements DatabaseNotifications.Listener {

    /** The longest a client may wait for an outcome, with {@code Prefer: wait} or a poll's {@code ?wait=}. */
    public static final int MAX_WAIT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiters.class);

    private final RequestRepository requests;
    private final Map<UUID, List<CompletableFuture<Optional<RequestDocument>>>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outcome-fetcher");
        thread.setDaemon(true);
        return thread;
    });

    OutcomeWaiters(RequestRepository requests, DatabaseNotifications notifications, MeterRegistry meters) {
        this.requests = requests;
        notifications.listen(OutcomeChannel.NAME, this);
        Gauge.builder("holdfast.gateway.waiters", waiting, Map::size)
                .description("requests with a client waiting for their outcome").register(meters);
    }

    /**
     * Registers a waiter. It is completed by the notification of the batch that commits the outcome, so register it
     * before the command can be applied (before it is appended), or call {@link #checkNow} after registering.
     *
     * @return a future completed with the outcome as soon as it is committed, or with empty after {@code timeout}
     */
    public CompletableFuture<Optional<RequestDocument>> await(UUID requestId, Duration timeout) {
        var future = new CompletableFuture<Optional<RequestDocument>>();
        // one atomic step: a list being completed and removed at this moment cannot swallow the new waiter
        waiting.compute(requestId, (id, futures) -> {
            List<CompletableFuture<Optional<RequestDocument>>> list = futures == null ? new CopyOnWriteArrayList<>()
                    : futures;
            list.add(future);
            return list;
        });
        future.completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((outcome, error) -> waiting.computeIfPresent(requestId, (id, futures) -> {
            futures.remove(future);
            return futures.isEmpty() ? null : futures;
        }));
        return future;
    }

    /** Completes the waiters of a request whose outcome may have been committed before they were registered. */
    public void checkNow(UUID requestId) {
        RequestDocument outcome = requests.findSettled(requestId);
        if (outcome != null) {
            complete(requestId, outcome);
        }
    }

    private void complete(UUID requestId, RequestDocument outcome) {
        List<CompletableFuture<Optional<RequestDocument>>> futures = waiting.remove(requestId);
        if (futures != null) {
            futures.forEach(future -> future.complete(Optional.of(outcome)));
        }
    }

    /** Reads the outcomes of the notified requests that somebody here waits for. */
    @Override
    public void notified(List<String> payloads) {
        Set<UUID> wanted = new HashSet<>();
        for (String payload : payloads) {
            if (payload == null || payload.isEmpty()) {
                recheck();
                return;
            }
            for (String id : payload.split(",")) {
                try {
                    UUID requestId = UUID.fromString(id);
                    if (waiting.containsKey(requestId)) {
                        wanted.add(requestId);
                    }
                } catch (IllegalArgumentException notOurs) {
                    // somebody else's NOTIFY on our channel: the periodic re-read still covers every waiter
                    log.debug("ignoring a notification that is not a request id: {}", id);
                }
            }
        }
        if (!wanted.isEmpty()) {
            fetcher.execute(() -> fetch(wanted));
        }
    }

    /** Re-reads everything waited for; at most one such read is queued at a time. */
    @Override
    public void recheck() {
        if (!waiting.isEmpty() && refreshQueued.compareAndSet(false, true)) {
            fetcher.execute(() -> {
                refreshQueued.set(false);
                fetch(Set.copyOf(waiting.keySet()));
            });
        }
    }

    private void fetch(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            requests.findSettled(ids).forEach(this::complete);
        } catch (RuntimeException e) {
            log.warn("cannot read outcomes for {} waiting requests: {}", ids.size(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        fetcher.shutdownNow();
        waiting.values().forEach(futures -> futures.forEach(future -> future.complete(Optional.empty())));
    }
}
