package dev.holdfast.expiry;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The expiry worker against a real PostgreSQL and broker: due holds become release commands keyed by their event,
 * holds not yet due do not, a hold still held is published again after {@code rescan-after}, and an instance that
 * does not hold the scan lock publishes nothing. Verdicts wait for conditions: how many scans fit in a second
 * depends on the machine.
 */
@SpringBootTest(classes = ExpiryWorkerApplication.class, properties = {
        "spring.config.name=expiry-worker",
        "server.port=0",
        "holdfast.expiry.scan-interval=50ms",
        "holdfast.expiry.rescan-after=3s",
        // the topic made below has one partition; the scanner checks it against this at start
        "holdfast.topics.command-partitions=1"})
class ExpiryScannerIT {

    private static final long SCAN_LOCK = 0x486F6C6466617374L;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
        TestInfrastructure.useBroker(registry);
    }

    @BeforeAll
    static void commandsTopic() throws Exception {
        try (var admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.RESERVATION_COMMANDS, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void follow() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "expiry-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.RESERVATION_COMMANDS));
    }

    @AfterEach
    void stop() {
        consumer.close();
    }

    private long newEvent() {
        long id = jdbc.queryForObject("insert into events (name, hold_seconds) values ('expiry', 60) returning id",
                Long.class);
        jdbc.update("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold)
                values (?, 'general', 'General', 0, 10, 10, 0, 0)""", id);
        return id;
    }

    private UUID hold(long eventId, String expiresIn) {
        long user = jdbc.queryForObject("insert into users (name) values ('u') returning id", Long.class);
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into reservations (id, event_id, section_code, user_id, quantity, status, request_id,
                                          expires_at, created_at)
                values (?, ?, 'general', ?, 1, 'held', ?, now() + ?::interval, now() - interval '1 minute')""",
                id, eventId, user, UUID.randomUUID(), expiresIn);
        return id;
    }

    /** The release commands published for the event so far, in order; each call adds what arrived since the last. */
    private final List<ReleaseCommand> seen = new ArrayList<>();

    private List<ReleaseCommand> releasesOf(long eventId) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.key().equals(Topics.key(eventId))) {
                Command command = CommandCodec.decode(record.value());
                seen.add((ReleaseCommand) command);
            }
        }
        return List.copyOf(seen);
    }

    private static List<UUID> reservationIds(List<ReleaseCommand> releases) {
        return releases.stream().map(ReleaseCommand::reservationId).toList();
    }

    @Test
    void dueHoldsArePublishedAsReleasesKeyedByTheirEventAndHoldsNotYetDueAreNot() {
        long eventId = newEvent();
        UUID due = hold(eventId, "-5 seconds");
        UUID alsoDue = hold(eventId, "-1 second");
        UUID notDue = hold(eventId, "1 hour");

        // a full pass has certainly looked at every hold once the first due one is published a second time (a rescan
        // starts from the oldest); a duplicate after a rescan is harmless, so only the distinct ids are pinned
        await().atMost(Duration.ofSeconds(60)).until(() -> reservationIds(releasesOf(eventId)).stream()
                .filter(due::equals).count() >= 2 && reservationIds(seen).contains(alsoDue));

        assertThat(reservationIds(seen)).doesNotContain(notDue).containsOnly(due, alsoDue);
        assertThat(seen).allSatisfy(release -> assertThat(release.eventId()).isEqualTo(eventId));
    }

    @Test
    void aHoldStillHeldIsPublishedAgainAfterTheRescanInterval() {
        long eventId = newEvent();
        UUID due = hold(eventId, "-1 second");
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(60)).until(() -> releasesOf(eventId).size() >= 2);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        // nobody applies the release here, so the hold stays held: published once per pass (rescan-after = 3 s), not
        // once per scan (every 50 ms). A slower machine publishes fewer copies, never more than one per pass begun.
        assertThat(reservationIds(seen)).containsOnly(due);
        assertThat((long) seen.size()).isLessThanOrEqualTo(2 + elapsed.toSeconds() / 3);
        // the same request each time: a duplicate release is recognised and ignored by the worker
        assertThat(seen).extracting(ReleaseCommand::requestId).containsOnly(seen.get(0).requestId());
    }

    @Test
    void anInstanceThatDoesNotHoldTheScanLockPublishesNothing() throws Exception {
        try (Connection other = TestInfrastructure.database().connect(); Statement statement = other.createStatement()) {
            // another instance takes the lead: end the scanner's lock session and take the lock before it can again
            boolean taken = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!taken && System.nanoTime() < deadline) {
                statement.execute("""
                        select pg_terminate_backend(pid) from pg_locks
                         where locktype = 'advisory' and granted and pid <> pg_backend_pid()
                           and classid = %d and objid = %d and objsubid = 1"""
                        .formatted(SCAN_LOCK >>> 32, SCAN_LOCK & 0xFFFFFFFFL));
                try (ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + SCAN_LOCK + ")")) {
                    taken = result.next() && result.getBoolean(1);
                }
            }
            assertThat(taken).isTrue();
            long eventId = newEvent();
            UUID due = hold(eventId, "-1 second");

            // while another instance leads, many scan intervals (50 ms) pass without a release
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                assertThat(releasesOf(eventId)).isEmpty();
            }

            // the lock is free again: this instance takes it at its next scan and publishes the hold
            statement.execute("select pg_advisory_unlock(" + SCAN_LOCK + ")");
            await().atMost(Duration.ofSeconds(60)).until(() -> !releasesOf(eventId).isEmpty());
            assertThat(reservationIds(seen)).containsOnly(due);
        }
    }
}
