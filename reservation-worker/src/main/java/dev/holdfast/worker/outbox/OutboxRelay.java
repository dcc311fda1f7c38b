package dev.holdfast.worker.outbox;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.TopicNames;
import dev.holdfast.worker.apply.OutboxRelayTrigger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to {@code reservation-events} and deletes what Kafka acknowledged: the transactional outbox
 * with its gapless per-event sequence (ARCHITECTURE.md, invariant 5).
 *
 * <p><b>One publisher per event, in sequence order.</b> Right after each batch commits, the applier's after-commit
 * hook hands the events whose outbox rows the batch wrote to this instance's one relay thread. The sweeper does not publish: it finds events with rows older
 * than {@code sweepAge} (left by a failed publish, or by an instance that crashed) and hands them to the same thread.
 * Across instances, the relay publishes an event's rows only while it holds a transaction-scoped advisory lock on that
 * event (skipping an event another instance is publishing; its rows are found again later), so no two publishers
 * ever interleave one event's rows. Within an event it deletes only the rows before the first failed send, so a row is
 * never deleted while one before it is still to be published. Publishing is at least once: a row can be published
 * twice when its deletion did not happen, which is what {@code sequence} lets consumers recognise.
 */
@Component
public class OutboxRelay implements SmartLifecycle, OutboxRelayTrigger {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Events relayed per transaction; the rest wait for the next round. */
    private static final int EVENTS_PER_ROUND = 500;
    /** Events whose relay position is kept; past this, the positions are forgotten and the next reads start over. */
    private static final int MAX_TRACKED_EVENTS = 100_000;
    private static final CompletableFuture<?> NOT_SENT =
            CompletableFuture.failedFuture(new IllegalStateException("not sent"));

    private record Row(long id, long eventId, long sequence, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration sweepAge;
    private final String topic;
    private final AtomicLong backlog = new AtomicLong();
    private final Set<Long> pendingEvents = new ConcurrentSkipListSet<>();
    /**
     * Per event, the highest sequence this instance deleted in a committed transaction, from which its next read
     * starts. Every row of the event at or below it is gone (rows commit in sequence order, and the relay deletes a
     * prefix of what it read), so the read skips the deleted rows' index entries, which would otherwise be visited
     * again on every read until a vacuum. A missing entry reads from the start.
     */
    private final Map<Long, Long> relayedThrough = new ConcurrentHashMap<>();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread relayThread;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka,
                OutboxProperties properties, TopicNames topics, MeterRegistry meters) {
        this.topic = topics.events();
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.sweepAge = properties.sweepAge();
        Gauge.builder("holdfast.worker.outbox.backlog", backlog, AtomicLong::get)
                .description("outbox rows not yet published, as of the last sweep (PostgreSQL's live-row statistics)")
                .register(meters);
    }

    @Override
    public void relayAfterCommit(Collection<Long> eventIds) {
        pendingEvents.addAll(eventIds);
        signal.release();
    }

    private void relayLoop() {
        while (running || !pendingEvents.isEmpty()) {
            try {
                signal.tryAcquire(1, TimeUnit.SECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<Long> events = new ArrayList<>();
            for (Long event : pendingEvents) {
                if (events.size() == EVENTS_PER_ROUND) {
                    signal.release();
                    break;
                }
                pendingEvents.remove(event);
                events.add(event);
            }
            try {
                relay(events);
            } catch (RuntimeException e) {
                log.warn("outbox relay failed for {} events; the sweeper will find them: {}", events.size(),
                        e.getMessage());
            }
        }
    }

    /**
     * Publishes every outbox row of these events, in one transaction on the calling thread: the events another
     * instance is publishing are skipped, and of each event only the rows before its first failed send are deleted.
     *
     * @return the events skipped because another publisher held them
     */
    Set<Long> relay(Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        Map<Long, Long> deletedThrough = new HashMap<>();
        Set<Long> skippedEvents = transaction.execute(status -> {
            List<Long> mine = jdbc.query(connection -> {
                var statement = connection.prepareStatement("""
                        select event_id from unnest(?::bigint[]) as e(event_id)
                         where pg_try_advisory_xact_lock(hashtextextended('holdfast.outbox:' || event_id, 0))
                         order by event_id""");
                statement.setArray(1, connection.createArrayOf("bigint", eventIds.toArray()));
                return statement;
            }, (rs, row) -> rs.getLong(1));
            Set<Long> skipped = new TreeSet<>(eventIds);
            mine.forEach(skipped::remove);
            if (!mine.isEmpty()) {
                Long[] after = mine.stream().map(event -> relayedThrough.getOrDefault(event, 0L)).toArray(Long[]::new);
                List<Row> rows = jdbc.query(connection -> {
                    var statement = connection.prepareStatement("""
                            select o.id, o.event_id, o.sequence, o.payload
                              from unnest(?::bigint[], ?::bigint[]) as c(event_id, after)
                             cross join lateral (select id, event_id, sequence, payload from outbox
                                                  where event_id = c.event_id and sequence > c.after) o
                             order by o.event_id, o.sequence""");
                    statement.setArray(1, connection.createArrayOf("bigint", mine.toArray()));
                    statement.setArray(2, connection.createArrayOf("bigint", after));
                    return statement;
                }, (rs, row) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
                deletedThrough.putAll(publish(rows));
            }
            return skipped;
        });
        // only once the deletes committed: a rolled-back delete leaves rows that the next read must find
        if (relayedThrough.size() > MAX_TRACKED_EVENTS) {
            relayedThrough.clear();
        }
        relayedThrough.putAll(deletedThrough);
        return skippedEvents;
    }

    /**
     * Hands the events with rows left behind (older than {@code sweepAge}) to the relay thread. It publishes nothing
     * itself: one thread per instance publishes, so one event's rows never go out from two threads at once.
     */
    @Scheduled(fixedDelayString = "${holdfast.outbox.sweep-interval}")
    public void sweep() {
        try {
            List<Long> events = jdbc.queryForList("""
                            select distinct event_id from outbox
                             where created_at < now() - make_interval(secs => ?)""",
                    Long.class, sweepAge.toMillis() / 1000.0);
            if (!events.isEmpty()) {
                log.info("outbox rows of {} events were left behind; relaying them", events.size());
                // their reads start over: whatever left the rows behind, the relay position is not trusted for them
                events.forEach(relayedThrough::remove);
                relayAfterCommit(events);
            }
            // the statistics' live-row count, kept from inserts and deletes as they commit: exact enough for a
            // backlog alerted on at 1,000, and free, where count(*) scanned the dead rows too (the outbox is
            // vacuumed by apply.TableMaintenance)
            backlog.set(jdbc.queryForObject("""
                    select coalesce(max(n_live_tup), 0) from pg_stat_user_tables
                     where relid = to_regclass('outbox')""", Long.class));
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
        relayThread = new Thread(this::relayLoop, "outbox-relay");
        relayThread.setDaemon(true);
        relayThread.start();
    }

    /** Lets the relay publish what the last batches committed before the producer closes. */
    @Override
    public void stop() {
        running = false;
        signal.release();
        try {
            relayThread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the listener containers (phase {@code DEFAULT_PHASE - 100}), so that the relay publishes what their
     * last batches committed; lifecycle beans with a lower phase stop later.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 200;
    }

    /**
     * Sends the rows (ordered by event, then sequence) and deletes, of each event, the rows acknowledged before its
     * first failure: a later row must not be deleted while an earlier one of its event still waits to be published.
     *
     * @return per event, the highest sequence deleted
     */
    private Map<Long, Long> publish(List<Row> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        Set<Long> failedEvents = new HashSet<>();
        for (Row row : rows) {
            if (failedEvents.contains(row.eventId())) {
                // never send a row after one of its event that could not be sent
                sends.add(NOT_SENT);
                continue;
            }
            try {
                sends.add(kafka.send(new ProducerRecord<>(topic, Topics.key(row.eventId()),
                        row.payload().getBytes(StandardCharsets.UTF_8))));
            } catch (RuntimeException refused) {
                // refused before sending (a record too large, the producer closed): the same as a failed send
                log.warn("outbox row {} (event {}, sequence {}) could not be sent: {}", row.id(), row.eventId(),
                        row.sequence(), refused.getMessage());
                failedEvents.add(row.eventId());
                sends.add(NOT_SENT);
            }
        }
        // every send settles (acknowledged or failed) within the producer's delivery timeout; wait for each, not for
        // the first failure, so that rows acknowledged around a failure are known
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int failed = 0;
        for (CompletableFuture<?> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                failed++;
            }
        }
        if (failed > 0) {
            log.warn("could not publish {} of {} outbox rows; they stay for later", failed, rows.size());
        }
        List<Long> acknowledged = new ArrayList<>(rows.size());
        Map<Long, Long> deletedThrough = new HashMap<>();
        Set<Long> stopped = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            CompletableFuture<?> send = sends.get(i);
            if (stopped.contains(row.eventId())) {
                continue;
            }
            if (send.isDone() && !send.isCompletedExceptionally()) {
                acknowledged.add(row.id());
                deletedThrough.put(row.eventId(), row.sequence());
            } else {
                stopped.add(row.eventId());
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("delete from outbox where id = any(?)");
                statement.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray()));
                return statement;
            });
        }
        return deletedThrough;
    }
}
