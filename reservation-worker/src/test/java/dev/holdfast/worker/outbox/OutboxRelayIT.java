package dev.holdfast.worker.outbox;

import dev.holdfast.contracts.Topics;
import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay against a real PostgreSQL and broker: an event's rows are published in sequence order, keyed by
 * the event, and deleted once Kafka has them; rows left behind (a failed publish, a crashed instance) are published
 * by the sweeper once they are older than the sweep age, and younger ones are left to the relay of their batch.
 */
@SpringBootTest(classes = ReservationWorkerApplication.class, properties = {
        "spring.config.name=reservation-worker",
        "spring.kafka.listener.auto-startup=false",
        "holdfast.worker.command-partitions=1",
        "holdfast.outbox.sweep-interval=1h",
        "holdfast.outbox.sweep-age=5s",
        "server.port=0"})
class OutboxRelayIT {

    private static final String EVENTS = "outbox-relay-it-" + UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
        TestInfrastructure.useBroker(registry);
        registry.add("holdfast.topics.commands", () -> EVENTS + "-commands");
        registry.add("holdfast.topics.events", () -> EVENTS);
    }

    @Autowired
    OutboxRelay relay;
    @Autowired
    JdbcTemplate jdbc;

    private long newEventId() {
        return jdbc.queryForObject("insert into events (name, hold_seconds) values ('outbox', 60) returning id",
                Long.class);
    }

    private void outboxRow(long eventId, long sequence, String age) {
        jdbc.update("insert into outbox (event_id, sequence, payload, created_at) values (?, ?, ?, now() - ?::interval)",
                eventId, sequence, "{\"sequence\":" + sequence + "}", age);
    }

    private long rowsOf(long eventId) {
        return jdbc.queryForObject("select count(*) from outbox where event_id = ?", Long.class, eventId);
    }

    /** The payloads published for the event so far, in partition order. */
    private List<String> publishedFor(long eventId) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(EVENTS));
            List<String> payloads = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(Topics.key(eventId))) {
                        payloads.add(record.value());
                    }
                }
            }
            return payloads;
        }
    }

    @Test
    void anEventsRowsArePublishedInSequenceOrderAndDeletedOnceKafkaHasThem() {
        long eventId = newEventId();
        outboxRow(eventId, 2, "0 seconds");
        outboxRow(eventId, 1, "0 seconds");
        outboxRow(eventId, 3, "0 seconds");

        relay.relayAfterCommit(List.of(eventId));

        await().atMost(Duration.ofSeconds(10)).until(() -> rowsOf(eventId) == 0);
        assertThat(publishedFor(eventId)).containsExactly("{\"sequence\":1}", "{\"sequence\":2}", "{\"sequence\":3}");
    }

    @Test
    void theSweeperPublishesRowsLeftBehindButLeavesYoungOnesToTheirBatch() {
        long leftBehind = newEventId();
        long young = newEventId();
        outboxRow(leftBehind, 1, "1 minute");
        outboxRow(young, 1, "0 seconds");

        relay.sweep();

        assertThat(rowsOf(leftBehind)).isZero();
        assertThat(rowsOf(young)).isEqualTo(1);
        assertThat(publishedFor(leftBehind)).containsExactly("{\"sequence\":1}");
        assertThat(publishedFor(young)).isEmpty();
    }
}
