package dev.holdfast.system;

import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.RefusedHolds;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.holdfast.contracts.Topics.RESERVATION_COMMANDS;
import static dev.holdfast.contracts.Topics.RESERVATION_COMMANDS_DLT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Commands that can never be applied go to the dead-letter topic with their reason; the ones behind them go on. */
class DeadLetterIT {

    private final Api api = HoldfastStack.shared().api;

    @Test
    void poisonCommandsAreDeadLetteredAndTheCommandsBehindThemAreApplied() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Poison\",\"capacity\":10}");
        User ana = api.newUser();
        String key = Long.toString(eventId);
        var before = new ReserveCommand(UUID.randomUUID(), eventId, ana.id(), "general", 1, Instant.now());
        var after = new ReserveCommand(UUID.randomUUID(), eventId, ana.id(), "general", 2, Instant.now());
        String request = UUID.randomUUID().toString();
        try (var refused = RefusedHolds.add()) {
            var failing = new ReserveCommand(UUID.randomUUID(), eventId, refused.userId(), "general", 1, Instant.now());
            sendAndCheck(eventId, ana, key, before, after, failing, request, refused.constraint());
        }
    }

    private void sendAndCheck(long eventId, User ana, String key, ReserveCommand before, ReserveCommand after,
                              ReserveCommand failing, String request, String refusal) throws Exception {
        try (var producer = KafkaClients.producer()) {
            for (byte[] value : List.of(
                    CommandCodec.encode(before),
                    "{not json".getBytes(StandardCharsets.UTF_8),
                    ("{\"type\":\"teleport\",\"schemaVersion\":1,\"requestId\":\"" + request + "\",\"eventId\":" + eventId
                            + ",\"submittedAt\":\"2026-11-21T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8),
                    ("{\"type\":\"reserve\",\"schemaVersion\":99,\"requestId\":\"" + request + "\",\"eventId\":" + eventId
                            + ",\"userId\":1,\"section\":\"general\",\"quantity\":1,\"submittedAt\":\"2026-11-21T10:00:00Z\"}")
                            .getBytes(StandardCharsets.UTF_8),
                    CommandCodec.encode(failing),
                    CommandCodec.encode(after))) {
                producer.send(new ProducerRecord<>(RESERVATION_COMMANDS, key, value)).get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.get("/api/requests/" + after.requestId(), ana.token()).status()).isEqualTo(200);
            assertThat(api.event(eventId).get("held").asInt()).isEqualTo(3);
        });
        assertThat(api.get("/api/requests/" + before.requestId(), ana.token()).json().get("status").asText())
                .isEqualTo("succeeded");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = KafkaClients.readAll(RESERVATION_COMMANDS_DLT).stream()
                    .filter(record -> key.equals(record.key())).toList();
            assertThat(dead).hasSize(4);
            assertThat(reason(dead.get(0))).contains("not JSON");
            assertThat(reason(dead.get(1))).contains("teleport");
            assertThat(reason(dead.get(2))).contains("schemaVersion");
            assertThat(reason(dead.get(3))).contains(refusal);
            assertThat(new String(dead.get(4 - 1).value(), StandardCharsets.UTF_8)).contains(failing.requestId().toString());
            assertThat(header(dead.get(0), "kafka_dlt-original-topic")).isEqualTo(RESERVATION_COMMANDS);
        });
        // the client of the command that could not be applied learns it was rejected, rather than waiting forever
        try (var connection = TestInfrastructure.database().connect();
             var statement = connection.prepareStatement("select status, problem_code from requests where id = ?")) {
            statement.setObject(1, failing.requestId());
            try (var row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("rejected");
                assertThat(row.getString(2)).isEqualTo("internal_error");
            }
        }

    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return header(record, "kafka_dlt-exception-message");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
