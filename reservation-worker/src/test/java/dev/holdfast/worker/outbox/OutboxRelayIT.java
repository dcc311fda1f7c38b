package dev.holdfast.worker.outbox;

import dev.holdfast.contracts.Topics;
import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.Statement;
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
 * by the relay once the sweeper finds them older than the sweep age, and younger ones are left to the relay of their
 * batch; an event another publisher holds is skipped; a failed send keeps its row and every later row of its event;
 * each read starts after what the relay deleted.
 */
@SpringBootTest(classes = ReservationWorkerApplication.class, properties = {
        "spring.config.name=reservation-worker",
        "spring.kafka.listener.auto-startup=false",
        "holdfast.topics.command-partitions=1",
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

    /** The payloads published for the event, in partition order, once there are {@code expected} (or 30 s passed). */
    private List<String> publishedFor(long eventId, int expected) {
        // partitions assigned, not subscribed: no consumer group to join, which on a busy machine took longer than
        // a test should wait (a CI run at load average 10 read nothing within 30 s of a row already published)
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> payloads = new ArrayList<>();
            // a guard against a hang, far beyond any machine's speed: the loop ends as soon as the rows are read
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (payloads.size() < expected && System.nanoTime() < deadline) {
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

        await().atMost(Duration.ofMinutes(2)).until(() -> rowsOf(eventId) == 0);
        assertThat(publishedFor(eventId, 3)).containsExactly("{\"sequence\":1}", "{\"sequence\":2}",
                "{\"sequence\":3}");
    }

    @Test
    void theSweeperPublishesRowsLeftBehindButLeavesYoungOnesToTheirBatch() {
        long leftBehind = newEventId();
        long young = newEventId();
        outboxRow(leftBehind, 1, "1 minute");
        outboxRow(young, 1, "0 seconds");

        relay.sweep();

        await().atMost(Duration.ofMinutes(2)).until(() -> rowsOf(leftBehind) == 0);
        assertThat(publishedFor(leftBehind, 1)).containsExactly("{\"sequence\":1}");
        // the sweep handed only the old event to the relay, which has finished with it
        assertThat(rowsOf(young)).isEqualTo(1);
    }

    @Test
    void anEventAnotherPublisherHoldsIsSkippedAndPublishedOnceItIsFree() throws Exception {
        long eventId = newEventId();
        outboxRow(eventId, 1, "0 seconds");
        try (Connection other = TestInfrastructure.database().connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("select pg_advisory_xact_lock(hashtextextended('holdfast.outbox:' || %d, 0))"
                    .formatted(eventId));

            assertThat(relay.relay(List.of(eventId))).containsExactly(eventId);
            assertThat(rowsOf(eventId)).isEqualTo(1);

            other.commit();
        }
        assertThat(relay.relay(List.of(eventId))).isEmpty();
        assertThat(rowsOf(eventId)).isZero();
        assertThat(publishedFor(eventId, 1)).containsExactly("{\"sequence\":1}");
    }

    @Test
    void aFailedSendKeepsItsRowAndEveryLaterRowOfItsEventButNotOtherEvents() {
        long failing = newEventId();
        long other = newEventId();
        outboxRow(failing, 1, "0 seconds");
        // larger than the producer's max.request.size: this send fails, the ones around it succeed
        jdbc.update("insert into outbox (event_id, sequence, payload) values (?, 2, ?)", failing,
                "{\"sequence\":2,\"padding\":\"" + "x".repeat(2_000_000) + "\"}");
        outboxRow(failing, 3, "0 seconds");
        outboxRow(other, 1, "0 seconds");

        relay.relay(List.of(failing, other));

        assertThat(jdbc.queryForList("select sequence from outbox where event_id = ? order by sequence", Long.class,
                failing)).containsExactly(2L, 3L);
        assertThat(rowsOf(other)).isZero();

        // once the row can be sent, the next read starts at it, not after the rows relayed before it
        jdbc.update("update outbox set payload = '{\"sequence\":2}' where event_id = ? and sequence = 2", failing);
        relay.relay(List.of(failing));

        assertThat(rowsOf(failing)).isZero();
        assertThat(publishedFor(failing, 3)).containsExactly("{\"sequence\":1}", "{\"sequence\":2}",
                "{\"sequence\":3}");
    }

    @Test
    void eachReadOfAnEventStartsAfterWhatItsRelayDeletedAndMissesNothingAfterIt() {
        long eventId = newEventId();
        outboxRow(eventId, 1, "0 seconds");
        outboxRow(eventId, 2, "0 seconds");
        relay.relay(List.of(eventId));
        outboxRow(eventId, 3, "0 seconds");
        outboxRow(eventId, 4, "0 seconds");

        relay.relay(List.of(eventId));

        assertThat(rowsOf(eventId)).isZero();
        assertThat(publishedFor(eventId, 4)).containsExactly("{\"sequence\":1}", "{\"sequence\":2}",
                "{\"sequence\":3}", "{\"sequence\":4}");
    }
}
