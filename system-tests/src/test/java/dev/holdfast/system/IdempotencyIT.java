package dev.holdfast.system;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retries and redeliveries never make a second hold. */
class IdempotencyIT {

    private final Api api = HoldfastStack.shared().api;

    @Test
    void concurrentRetriesWithOneIdempotencyKeyMakeOneHoldAndOneRequestId() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Retry storm\",\"capacity\":100}");
        User ana = api.newUser();
        String key = "checkout-" + UUID.randomUUID();
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        Set<String> reservationIds = ConcurrentHashMap.newKeySet();

        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> retries = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                boolean waits = i % 3 == 0;
                retries.add(clients.submit(() -> {
                    Response response = waits
                            ? api.reserve(ana, eventId, "{\"quantity\":2}", "Idempotency-Key", key, "Prefer", "wait=20")
                            : api.reserve(ana, eventId, "{\"quantity\":2}", "Idempotency-Key", key);
                    assertThat(response.status()).isIn(201, 202);
                    requestIds.add(response.header("Request-Id"));
                    reservationIds.add(api.outcome(ana, response.header("Request-Id")).get("reservationId").asText());
                }));
            }
            for (Future<?> retry : retries) {
                retry.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(requestIds).hasSize(1);
        assertThat(reservationIds).hasSize(1);
        assertThat(api.get("/api/reservations?eventId=" + eventId, ana.token()).json().get("items")).hasSize(1);
        assertThat(api.get("/api/events/" + eventId, null).json().get("held").asInt()).isEqualTo(2);
    }

    @Test
    void theSameKeyForADifferentRequestIsRefused() {
        long eventId = api.newEvent("{\"name\":\"Key reuse\",\"capacity\":100}");
        User ana = api.newUser();
        String key = "k-" + UUID.randomUUID();
        Response first = api.reserve(ana, eventId, "{\"quantity\":1}", "Idempotency-Key", key, "Prefer", "wait=10");
        assertThat(first.status()).isEqualTo(201);

        Response reused = api.reserve(ana, eventId, "{\"quantity\":3}", "Idempotency-Key", key, "Prefer", "wait=10");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asText()).isEqualTo("idempotency_key_reused");
        Response retried = api.reserve(ana, eventId, "{\"quantity\":1}", "Idempotency-Key", key, "Prefer", "wait=10");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    }

    @Test
    void theSameKeyForADifferentRequestIsRefusedWhileTheFirstIsStillInFlight() {
        long eventId = api.newEvent("{\"name\":\"Key reuse in flight\",\"capacity\":100}");
        User ana = api.newUser();
        String key = "k-" + UUID.randomUUID();
        Response first = api.reserve(ana, eventId, "{\"quantity\":1}", "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(202);

        Response reused = api.reserve(ana, eventId, "{\"quantity\":2}", "Idempotency-Key", key, "Prefer", "wait=10");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(api.outcome(ana, first.header("Request-Id")).get("reservation").get("quantity").asInt()).isEqualTo(1);
    }

    @Test
    void aCommandDeliveredTwiceMakesOneHold() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Redelivery\",\"capacity\":10}");
        User ana = api.newUser();
        var command = new ReserveCommand(UUID.randomUUID(), eventId, ana.id(), "general", 3, Instant.now());
        byte[] value = CommandCodec.encode(command);

        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RESERVATION_COMMANDS, Topics.key(eventId), value)).get();
            producer.send(new ProducerRecord<>(Topics.RESERVATION_COMMANDS, Topics.key(eventId), value)).get();
            // a third delivery after the first two were surely applied, as after a crash before the offset commit
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("/api/requests/" + command.requestId(), ana.token()).json()
                            .get("status").asText()).isEqualTo("succeeded"));
            producer.send(new ProducerRecord<>(Topics.RESERVATION_COMMANDS, Topics.key(eventId), value)).get();
        }
        // a later command on the same partition key being applied proves the third copy was consumed
        assertThat(api.reserve(ana, eventId, "{}", "Prefer", "wait=20").status()).isEqualTo(201);

        assertThat(api.get("/api/reservations?eventId=" + eventId, ana.token()).json().get("items")).hasSize(2);
        assertThat(api.get("/api/events/" + eventId, null).json().get("held").asInt()).isEqualTo(4);
    }
}
