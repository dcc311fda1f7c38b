package dev.holdfast.system;

import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.RefusedHolds;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.holdfast.contracts.Topics.RESERVATION_COMMANDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command that fails in the database every time, alone in its poll, is dead-lettered within seconds and its request
 * reads rejected; the commands after it in the partition are applied. (A lone failing command once went to the
 * error handler's batch fallback, which retried it with the unlimited back-off meant for database outages.)
 */
class LonePoisonIT {

    private final Api api = HoldfastStack.shared().api;

    @Test
    void aLoneCommandThatCanNeverBeAppliedIsRejectedAndThePartitionGoesOn() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Lone poison\",\"capacity\":10}");
        User ana = api.newUser();
        try (var refused = RefusedHolds.add()) {
            var failing = new ReserveCommand(UUID.randomUUID(), eventId, refused.userId(), "general", 1, Instant.now());
            try (var producer = KafkaClients.producer()) {
                producer.send(new ProducerRecord<>(RESERVATION_COMMANDS, Long.toString(eventId),
                        CommandCodec.encode(failing))).get();
            }

            // it was alone in its poll: the next command is appended only once it is settled
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rejectionOf(failing.requestId()))
                    .isEqualTo("internal_error"));
        }
        var after = api.reserve(ana, eventId, "{}", "Prefer", "wait=10");
        assertThat(after.status()).as(after.raw().body()).isEqualTo(201);
    }

    private static String rejectionOf(UUID requestId) throws Exception {
        try (var connection = dev.holdfast.testsupport.TestInfrastructure.database().connect();
             var statement = connection.prepareStatement("select problem_code from requests where id = ?")) {
            statement.setObject(1, requestId);
            try (var row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
