package dev.holdfast.gateway.request;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Clients waiting for outcomes ({@code Prefer: wait} and {@code ?wait=}). One thread listens on PostgreSQL's
 * {@link OutcomeChannel}; the notifications of each committed batch name its request ids, and a single fetcher
 * thread reads the outcomes of those that somebody here waits for, by primary key, in one query. No servlet thread
 * waits: callers get a future. A periodic re-read of everything waited for covers notifications lost while the
 * listening connection was being re-established.
 */
@Component
class OutcomeWaiters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiters.class);

    private final RequestRepository requests;
    private final DataSourceProperties dataSource;
    private final Duration recheckInterval;
    private final Map<UUID, List<CompletableFuture<Optional<RequestOutcome>>>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(daemon("outcome-fetcher"));
    private volatile boolean running;
    private Thread listener;

    OutcomeWaiters(RequestRepository requests, DataSourceProperties dataSource, GatewayProperties properties,
                   MeterRegistry meters) {
        this.requests = requests;
        this.dataSource = dataSource;
        this.recheckInterval = properties.outcomeRecheckInterval();
        Gauge.builder("holdfast.gateway.waiters", waiting, Map::size)
                .description("requests with a client waiting for their outcome").register(meters);
    }

    /**
     * Registers a waiter. It is completed by the notification of the batch that commits the outcome, so register it
     * before the command can be applied (before it is appended), or call {@link #checkNow} after registering.
     *
     * @return a future completed with the outcome as soon as it is committed, or with empty after {@code timeout}
     */
    CompletableFuture<Optional<RequestOutcome>> await(UUID requestId, Duration timeout) {
        var future = new CompletableFuture<Optional<RequestOutcome>>();
        // one atomic step: a list being completed and removed at this moment cannot swallow the new waiter
        waiting.compute(requestId, (id, futures) -> {
            List<CompletableFuture<Optional<RequestOutcome>>> list = futures == null ? new CopyOnWriteArrayList<>()
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
    void checkNow(UUID requestId) {
        RequestOutcome outcome = requests.findOutcomes(List.of(requestId)).get(requestId);
        if (outcome != null) {
            complete(requestId, outcome);
        }
    }

    private void complete(UUID requestId, RequestOutcome outcome) {
        List<CompletableFuture<Optional<RequestOutcome>>> futures = waiting.remove(requestId);
        if (futures != null) {
            futures.forEach(future -> future.complete(Optional.of(outcome)));
        }
    }

    private void requestRefresh() {
        if (refreshQueued.compareAndSet(false, true)) {
            fetcher.execute(this::refresh);
        }
    }

    /** Reads the outcomes of the notified requests that somebody here waits for. */
    private void fetchNotified(PGNotification[] notifications) {
        Set<UUID> wanted = new HashSet<>();
        for (PGNotification notification : notifications) {
            String payload = notification.getParameter();
            if (payload == null || payload.isEmpty()) {
                requestRefresh();
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

    private void refresh() {
        refreshQueued.set(false);
        fetch(Set.copyOf(waiting.keySet()));
    }

    private void fetch(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            requests.findOutcomes(ids).forEach(this::complete);
        } catch (RuntimeException e) {
            log.warn("cannot read outcomes for {} waiting requests: {}", ids.size(), e.getMessage());
        }
    }

    private void listen() {
        long backoffMillis = 100;
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + OutcomeChannel.NAME);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                backoffMillis = 100;
                requestRefresh();
                long nextRecheck = System.nanoTime() + recheckInterval.toNanos();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications((int) recheckInterval.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        fetchNotified(notifications);
                    }
                    // the safety net: now and then, re-read everything waited for
                    if (System.nanoTime() >= nextRecheck) {
                        nextRecheck = System.nanoTime() + recheckInterval.toNanos();
                        if (!waiting.isEmpty()) {
                            requestRefresh();
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("outcome listener lost its connection ({}); retrying in {} ms", e.getMessage(),
                        backoffMillis);
                requestRefresh();
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        listener = daemon("outcome-listener").newThread(this::listen);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        fetcher.shutdownNow();
        waiting.values().forEach(futures -> futures.forEach(future -> future.complete(Optional.empty())));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
