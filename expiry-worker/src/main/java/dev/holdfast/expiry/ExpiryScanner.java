package dev.holdfast.expiry;

import dev.holdfast.contracts.HoldTime;
import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReleaseCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds holds that are still held past {@code expiresAt} and publishes a release command for each, keyed by event
 * id so the release is applied in order with the event's other commands. Only the instance holding the scan lock
 * ({@link ScanLeadership}) scans; rows are read {@code FOR UPDATE SKIP LOCKED}, so that the scan skips rows the
 * reservation worker is changing. A release is the same request whoever publishes it (its id derives from the
 * reservation id), so a duplicate, after a rescan or a change of leader, is harmless (ARCHITECTURE.md, invariants 3
 * and 7). When Kafka or PostgreSQL is away, a scan fails, is logged, and the next one tries again.
 */
@Component
class ExpiryScanner {

    private static final Logger log = LoggerFactory.getLogger(ExpiryScanner.class);

    private record DueHold(UUID reservationId, long eventId, Timestamp expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ExpiryProperties properties;
    private final String topic;
    private final ScanLeadership leadership;
    private Cursor cursor = Cursor.START;
    private Instant rescanAt = Instant.MIN;
    private final Counter releases;

    ExpiryScanner(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka,
                  TopicNames topics, ExpiryProperties properties, ScanLeadership leadership, MeterRegistry meters) {
        this.topic = topics.commands();
        this.leadership = leadership;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.properties = properties;
        this.releases = Counter.builder("holdfast.expiry.releases.published")
                .description("release commands published").register(meters);
    }

    /** Connects the producer and fetches the topic's metadata now, not while the first due holds wait. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        try {
            kafka.partitionsFor(topic);
        } catch (RuntimeException e) {
            log.warn("Kafka is not reachable yet: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${holdfast.expiry.scan-interval}")
    void scan() {
        if (!leadership.holds()) {
            // another instance scans; start from the oldest due hold when this one takes over
            cursor = Cursor.START;
            return;
        }
        try {
            int count;
            do {
                count = publishDueHolds();
            } while (count >= properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("expiry scan failed, will retry: {}", e.getMessage());
        }
    }

    /**
     * Publishes the next page of due holds after the cursor. The cursor keeps a page of releases in flight from
     * hiding the holds behind it; it goes back to the start every {@code rescanAfter}, so that a hold skipped while
     * locked, or whose release was lost, is published again (a duplicate release is harmless).
     */
    private int publishDueHolds() {
        long started = System.nanoTime();
        Instant now = Instant.now();
        if (rescanAt.isBefore(now)) {
            cursor = Cursor.START;
            rescanAt = now.plus(properties.rescanAfter());
        }
        // the rows are claimed only while they are read: holding them while Kafka acknowledges would stall the
        // reservation worker, which locks the same rows to apply these very releases
        List<DueHold> due = transaction.execute(status -> jdbc.query("""
                        select id, event_id, expires_at from reservations
                         where status = 'held' and %s and (expires_at, id) > (?, ?)
                         order by expires_at, id
                         limit ? for update skip locked""".formatted(HoldTime.isDueSql("expires_at", "now()")),
                (rs, row) -> new DueHold(rs.getObject(1, UUID.class), rs.getLong(2), rs.getTimestamp(3)),
                cursor.expiresAt(), cursor.id(), properties.batchSize()));
        long queried = System.nanoTime();
        List<CompletableFuture<?>> sends = new ArrayList<>(due.size());
        for (DueHold hold : due) {
            var release = ReleaseCommand.of(hold.eventId(), hold.reservationId(), now);
            sends.add(kafka.send(new ProducerRecord<>(topic, Topics.key(hold.eventId()),
                    CommandCodec.encode(release))));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish release commands: " + e.getMessage(), e);
        }
        if (log.isDebugEnabled() && !due.isEmpty()) {
            log.debug("page of {} due holds: query {} ms, publish {} ms", due.size(),
                    (queried - started) / 1_000_000, (System.nanoTime() - queried) / 1_000_000);
        }
        if (!due.isEmpty()) {
            DueHold last = due.get(due.size() - 1);
            cursor = new Cursor(last.expiresAt(), last.reservationId());
        }
        releases.increment(due.size());
        return due.size();
    }

    private record Cursor(Timestamp expiresAt, UUID id) {
        static final Cursor START = new Cursor(new Timestamp(0), new UUID(0, 0));
    }
}
