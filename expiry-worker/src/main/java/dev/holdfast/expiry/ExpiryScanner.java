package dev.holdfast.expiry;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReleaseCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds holds that are still held past {@code expiresAt} and publishes a release command for each, keyed by event
 * id so the release is applied in order with the event's other commands. Rows are read {@code FOR UPDATE SKIP
 * LOCKED}, so several instances share the work; a release is the same request whoever publishes it (its id derives
 * from the reservation id), so a duplicate is harmless. When Kafka or PostgreSQL is away, a scan fails, is logged,
 * and the next one tries again.
 */
@Component
class ExpiryScanner {

    private static final Logger log = LoggerFactory.getLogger(ExpiryScanner.class);

    private record DueHold(UUID reservationId, long eventId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ExpiryProperties properties;
    private final Map<UUID, Instant> published = new ConcurrentHashMap<>();
    private final Counter releases;

    ExpiryScanner(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka,
                  ExpiryProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.properties = properties;
        this.releases = Counter.builder("holdfast.expiry.releases.published")
                .description("release commands published").register(meters);
    }

    @Scheduled(fixedDelayString = "${holdfast.expiry.scan-interval:200ms}")
    void scan() {
        try {
            int count;
            do {
                count = transaction.execute(status -> publishDueHolds());
            } while (count >= properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("expiry scan failed, will retry: {}", e.getMessage());
        }
    }

    private int publishDueHolds() {
        Instant now = Instant.now();
        published.values().removeIf(at -> at.isBefore(now.minus(properties.republishAfter())));
        List<DueHold> due = jdbc.query("""
                        select id, event_id from reservations
                         where status = 'held' and expires_at <= now()
                         order by expires_at
                         limit ? for update skip locked""",
                (rs, row) -> new DueHold(rs.getObject(1, UUID.class), rs.getLong(2)), properties.batchSize());
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (DueHold hold : due) {
            if (published.containsKey(hold.reservationId())) {
                continue;
            }
            var release = ReleaseCommand.of(hold.eventId(), hold.reservationId(), now);
            sends.add(kafka.send(new ProducerRecord<>(Topics.RESERVATION_COMMANDS, Topics.key(hold.eventId()),
                    CommandCodec.encode(release))));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish release commands: " + e.getMessage(), e);
        }
        due.forEach(hold -> published.putIfAbsent(hold.reservationId(), now));
        releases.increment(sends.size());
        return sends.isEmpty() ? 0 : due.size();
    }
}
