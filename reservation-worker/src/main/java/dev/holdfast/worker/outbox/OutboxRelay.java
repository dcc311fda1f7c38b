package dev.holdfast.worker.outbox;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.TopicNames;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to {@code reservation-events} and deletes what Kafka acknowledged (DESIGN rule 5).
 *
 * <p>Right after each batch commits, the listener hands the batch's events to one relay thread, which publishes
 * every outbox row of those events in sequence order: the rows just written and any that a failed publish or a crash
 * left behind, so that an event's changes reach Kafka in order. Being one thread, it never publishes one event's rows
 * twice at once; being apart from the listeners, it publishes one batch while the next is applied. A sweeper publishes rows older than {@code sweepAge} whatever their event, for events whose
 * consumer moved to another instance after a crash. Publishing is at least once: a row can be published twice when
 * its deletion did not happen, which is what {@code sequence} lets consumers recognise.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SWEEP_PAGE = 1_000;

    private record Row(long id, long eventId, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration sweepAge;
    private final String topic;
    private final AtomicLong backlog = new AtomicLong();
    private final Set<Long> pendingEvents = new ConcurrentSkipListSet<>();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread relayThread;

    OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, byte[]> kafka, OutboxProperties properties,
                TopicNames topics, MeterRegistry meters) {
        this.topic = topics.events();
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.sweepAge = properties.sweepAge();
        Gauge.builder("holdfast.worker.outbox.backlog", backlog, AtomicLong::get)
                .description("outbox rows not yet published, as of the last sweep").register(meters);
    }

    /** Publishes every outbox row of these events soon; call it after the transaction that wrote them committed. */
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
                pendingEvents.remove(event);
                events.add(event);
            }
            try {
                relay(events);
            } catch (RuntimeException e) {
                log.warn("outbox relay failed for {} events; the sweeper will publish them: {}", events.size(),
                        e.getMessage());
            }
        }
    }

    /** Publishes every outbox row of these events, now, on the calling thread. */
    void relay(Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        List<Row> rows = jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select id, event_id, payload from outbox
                     where event_id = any(?) order by event_id, sequence""");
            statement.setArray(1, connection.createArrayOf("bigint", eventIds.toArray()));
            return statement;
        }, (rs, row) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3)));
        publish(rows);
    }

    /** Publishes what was left behind by failed publishes and by crashed instances. */
    @Scheduled(fixedDelayString = "${holdfast.outbox.sweep-interval}")
    public void sweep() {
        try {
            List<Row> rows;
            do {
                rows = jdbc.query("""
                                select id, event_id, payload from outbox
                                 where created_at < now() - make_interval(secs => ?)
                                 order by event_id, sequence limit ?""",
                        (rs, row) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3)),
                        sweepAge.toMillis() / 1000.0, SWEEP_PAGE);
                if (!rows.isEmpty()) {
                    log.info("sweeping {} outbox rows left behind", rows.size());
                }
            } while (publish(rows) == SWEEP_PAGE);
            backlog.set(jdbc.queryForObject("select count(*) from outbox", Long.class));
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

    /** @return how many rows were published and deleted; the others stay for a later attempt */
    private int publish(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(kafka.send(new ProducerRecord<>(topic, Topics.key(row.eventId()),
                    row.payload().getBytes(StandardCharsets.UTF_8))));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not publish all of {} outbox rows; the rest stay for later: {}", rows.size(),
                    e.getMessage());
        }
        List<Long> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<?> send = sends.get(i);
            if (send.isDone() && !send.isCompletedExceptionally()) {
                acknowledged.add(rows.get(i).id());
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("delete from outbox where id = any(?)");
                statement.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray()));
                return statement;
            });
        }
        return acknowledged.size();
    }
}
