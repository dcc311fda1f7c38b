package dev.holdfast.system;

import dev.holdfast.consumer.SectionTally;
import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream of {@code reservation-events} is a complete, de-duplicable account of every committed change: read from
 * the beginning, each event's sequences are exactly 1..n, and a tally rebuilt from the stream alone equals the
 * counters in PostgreSQL.
 */
class ReservationChangesIT {

    private static final int RESERVES = 18_000;

    private final Api api = HoldfastStack.shared().api;
    private final Random random = new Random(42);

    @Test
    void theStreamOfAMixedWorkloadIsGaplessAndRebuildsTheCounters() throws Exception {
        // Given four events, one of them with holds short enough to expire during the test
        List<Long> events = List.of(
                api.newEvent("{\"name\":\"Stream A\",\"sections\":[{\"code\":\"a\",\"capacity\":1500},{\"code\":\"b\",\"capacity\":500}]}"),
                api.newEvent("{\"name\":\"Stream B\",\"capacity\":2000}"),
                api.newEvent("{\"name\":\"Stream C\",\"capacity\":2000,\"maxTicketsPerUser\":60}"),
                api.newEvent("{\"name\":\"Stream D\",\"capacity\":2000,\"holdSeconds\":2}"));
        Map<Long, List<String>> sections = Map.of(events.get(0), List.of("a", "b"), events.get(1), List.of("general"),
                events.get(2), List.of("general"), events.get(3), List.of("general"));
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            users.add(api.newUser().id());
        }
        int commands = 0;

        // When reserves, then purchases, cancels and capacity changes, are appended to the command log
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer()) {
            List<Command> reserves = new ArrayList<>();
            for (int i = 0; i < RESERVES; i++) {
                long eventId = events.get(random.nextInt(events.size()));
                List<String> codes = sections.get(eventId);
                reserves.add(new ReserveCommand(UUID.randomUUID(), eventId, users.get(random.nextInt(users.size())),
                        codes.get(random.nextInt(codes.size())), 1 + random.nextInt(2), Instant.now()));
            }
            commands += send(producer, reserves);
            await().atMost(Duration.ofSeconds(120)).until(() -> requestsOf(events) >= RESERVES);

            List<Command> followUps = new ArrayList<>();
            for (Object[] hold : heldReservations(events.subList(0, 3))) {
                int choice = random.nextInt(10);
                var reservation = (UUID) hold[0];
                long eventId = (long) hold[1];
                long userId = (long) hold[2];
                if (choice < 5) {
                    followUps.add(new PurchaseCommand(UUID.randomUUID(), eventId, userId, reservation, "pay", Instant.now()));
                } else if (choice < 8) {
                    followUps.add(new CancelCommand(UUID.randomUUID(), eventId, userId, reservation, Instant.now()));
                }
            }
            followUps.add(new ChangeCapacityCommand(UUID.randomUUID(), events.get(1), "general", 2500, Instant.now()));
            followUps.add(new ChangeCapacityCommand(UUID.randomUUID(), events.get(0), "b", 1, Instant.now()));
            followUps.add(new ChangeCapacityCommand(UUID.randomUUID(), events.get(2), "general", 1000, Instant.now()));
            commands += send(producer, followUps);
        }
        assertThat(commands).isGreaterThanOrEqualTo(20_000);
        int allCommands = commands;
        await().atMost(Duration.ofSeconds(120)).until(() -> requestsOf(events) >= allCommands);
        // the short holds expire and are released; then everything committed has left the outbox
        await().atMost(Duration.ofSeconds(60)).until(() -> heldReservations(List.of(events.get(3))).isEmpty()
                && outboxRowsOf(events) == 0);

        // Then the stream, read from the beginning, accounts for every change exactly once
        var tally = new SectionTally();
        Map<Long, Set<Long>> sequences = new HashMap<>();
        Set<Long> ours = Set.copyOf(events);
        for (ConsumerRecord<String, byte[]> record : KafkaClients.readAll(dev.holdfast.contracts.Topics.RESERVATION_EVENTS)) {
            ReservationChange event = ReservationChangeCodec.decode(record.value());
            if (!ours.contains(event.eventId())) {
                continue;
            }
            assertThat(record.key()).isEqualTo(Long.toString(event.eventId()));
            sequences.computeIfAbsent(event.eventId(), id -> new TreeSet<>()).add(event.sequence());
            tally.accept(event);
        }
        for (long eventId : events) {
            long last = lastSequence(eventId);
            assertThat(sequences.get(eventId)).as("sequences of event %d", eventId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(tally.waiting(eventId)).isZero();
            for (String code : sections.get(eventId)) {
                assertThat(tally.section(eventId, code)).as("tally of %d/%s", eventId, code)
                        .isEqualTo(countersInDatabase(eventId, code));
            }
        }
        assertThat(tally.mismatches()).isZero();
    }

    private static int send(KafkaProducer<String, byte[]> producer, List<Command> commands) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Command command : commands) {
            sent.add(producer.send(new ProducerRecord<>(dev.holdfast.contracts.Topics.RESERVATION_COMMANDS,
                    dev.holdfast.contracts.Topics.key(command.eventId()), CommandCodec.encode(command))));
        }
        for (var future : sent) {
            future.get();
        }
        return commands.size();
    }

    private static String ids(List<Long> events) {
        return events.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static long requestsOf(List<Long> events) throws Exception {
        return queryLong("select count(*) from requests where type <> 'release' and event_id in (" + ids(events) + ")");
    }

    private static long outboxRowsOf(List<Long> events) throws Exception {
        return queryLong("select count(*) from outbox where event_id in (" + ids(events) + ")");
    }

    private static long lastSequence(long eventId) throws Exception {
        return queryLong("select last_sequence from events where id = " + eventId);
    }

    private static List<Object[]> heldReservations(List<Long> events) throws Exception {
        try (Connection connection = TestInfrastructure.database().connect();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, event_id, user_id from reservations where status = 'held' and event_id in ("
                             + ids(events) + ") order by id");
             ResultSet rows = statement.executeQuery()) {
            List<Object[]> held = new ArrayList<>();
            while (rows.next()) {
                held.add(new Object[]{rows.getObject(1, UUID.class), rows.getLong(2), rows.getLong(3)});
            }
            return held;
        }
    }

    private static SectionTally.Counters countersInDatabase(long eventId, String code) throws Exception {
        try (Connection connection = TestInfrastructure.database().connect();
             PreparedStatement statement = connection.prepareStatement(
                     "select capacity, available, held, sold from sections where event_id = ? and code = ?")) {
            statement.setLong(1, eventId);
            statement.setString(2, code);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new SectionTally.Counters(row.getInt(1), row.getInt(2), row.getInt(3), row.getInt(4));
            }
        }
    }

    private static long queryLong(String sql) throws Exception {
        try (Connection connection = TestInfrastructure.database().connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
