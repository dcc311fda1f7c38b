package dev.holdfast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as it is deployed: its whole Spring context, started from {@code api-gateway.yml} against a real
 * PostgreSQL and a real broker, answering over HTTP. Every component must be one Spring can build (a constructor it
 * cannot choose fails here, not first in the system tests), and a reserve goes the whole submit path: 202 with its
 * request document, readable at once as pending, and the command on the log under its event's key.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=api-gateway",
                "holdfast.gateway.admin-token=" + GatewayApplicationIT.ADMIN_TOKEN,
                "holdfast.gateway.request-id-secret=gateway-application-it-request-id-secret-0123456789"})
class GatewayApplicationIT {

    static final String ADMIN_TOKEN = "gateway-application-it-admin-token";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
        TestInfrastructure.useBroker(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aReserveIsAcceptedPendingAndOnTheCommandLog() throws Exception {
        String user = post("/api/users", ADMIN_TOKEN, "{\"name\":\"ana\"}", 201).path("token").asText();
        long eventId = post("/api/events", ADMIN_TOKEN, "{\"name\":\"Context start\",\"capacity\":10}", 201)
                .path("id").asLong();

        HttpResponse<String> accepted = send(request("/api/events/" + eventId + "/reservations", user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":2}")).build());

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode pending = json.readTree(accepted.body());
        String requestId = pending.path("requestId").asText();
        assertThat(pending.path("status").asText()).isEqualTo("pending");
        assertThat(pending.path("type").asText()).isEqualTo("reserve");
        assertThat(pending.path("eventId").asLong()).isEqualTo(eventId);
        assertThat(accepted.headers().firstValue("Request-Id")).contains(requestId);
        assertThat(accepted.headers().firstValue("Location")).contains("/api/requests/" + requestId);
        assertThat(accepted.headers().firstValue("Retry-After")).contains("1");

        HttpResponse<String> polled = send(request("/api/requests/" + requestId, user).GET().build());
        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(json.readTree(polled.body()).path("status").asText()).isEqualTo("pending");

        Command logged = commandOnTheLog(eventId, UUID.fromString(requestId));
        assertThat(logged.eventId()).isEqualTo(eventId);
    }

    /** The command of {@code requestId} as the broker holds it, under the key of its event. */
    private Command commandOnTheLog(long eventId, UUID requestId) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.commands()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (String.valueOf(eventId).equals(record.key())) {
                        ours.add(record);
                    }
                });
                return !ours.isEmpty();
            });
            assertThat(ours).hasSize(1);
            Command command = CommandCodec.decode(ours.get(0).value());
            assertThat(command.requestId()).isEqualTo(requestId);
            return command;
        }
    }

    private JsonNode post(String path, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path, token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return json.readTree(response.body());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
