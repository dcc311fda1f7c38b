package dev.holdfast.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Expiry promptness against a running stack ({@code ./holdfast bench-expiry}): 10,000 holds with {@code holdSeconds: 2}
 * expiring together, and how late each release was applied after its {@code expiresAt}.
 *
 * <p>The event and users are created over HTTP with the admin token. The 10,000 reserve commands are appended to
 * {@code reservation-commands} directly, as the gateway would, so that they are all held within a fraction of a
 * second and expire together. The lag of a hold is the time of the transaction that applied its release minus its
 * {@code expiresAt}, both by the database clock. Options: {@code --holds N} (10000), {@code --hold-seconds N} (2).
 */
public final class ExpiryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ExpiryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int holds = option(args, "--holds", 10_000);
        int holdSeconds = option(args, "--hold-seconds", 2);
        String api = "http://127.0.0.1:" + DatabaseUrl.env("HOLDFAST_HTTP_PORT", "8080");
        String admin = DatabaseUrl.env("HOLDFAST_ADMIN_TOKEN", "");
        String kafka = DatabaseUrl.env("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        DatabaseUrl database = DatabaseUrl.fromEnvironment();

        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            users.add(post(api + "/api/users", admin, "{\"name\":\"expiry-bench-" + i + "\"}").get("id").asLong());
        }
        long eventId = post(api + "/api/events", admin, "{\"name\":\"Expiry benchmark\",\"capacity\":%d,\"holdSeconds\":%d}"
                .formatted(holds, holdSeconds)).get("id").asLong();

        System.out.printf(Locale.ROOT, "appending %d reserve commands for event %d (holdSeconds %d)%n", holds, eventId,
                holdSeconds);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < holds; i++) {
                var command = new ReserveCommand(UUID.randomUUID(), eventId, users.get(i % users.size()), "general", 1,
                        Instant.now());
                producer.send(new ProducerRecord<>(Topics.RESERVATION_COMMANDS, Topics.key(eventId),
                        CommandCodec.encode(command)));
            }
        }
        waitFor(api, eventId, "held", holds, 60);
        System.out.println("all " + holds + " held; waiting for their release");
        waitFor(api, eventId, "available", holds, 60 + holdSeconds);

        try (Connection connection = database.connect();
             PreparedStatement lag = connection.prepareStatement("""
                     select count(*),
                            extract(epoch from max(r.expires_at) - min(r.expires_at)) * 1000,
                            percentile_cont(0.5) within group (order by extract(epoch from q.completed_at - r.expires_at)) * 1000,
                            percentile_cont(0.99) within group (order by extract(epoch from q.completed_at - r.expires_at)) * 1000,
                            max(extract(epoch from q.completed_at - r.expires_at)) * 1000
                       from reservations r join requests q on q.reservation_id = r.id and q.type = 'release'
                      where r.event_id = ?""")) {
            lag.setLong(1, eventId);
            ResultSet result = lag.executeQuery();
            result.next();
            System.out.println();
            System.out.println("Holdfast expiry benchmark");
            System.out.printf(Locale.ROOT, "holds released by the expiry worker: %d of %d (the rest by reserves)%n",
                    result.getLong(1), holds);
            System.out.printf(Locale.ROOT, "expiresAt spread:                    %.0f ms%n", result.getDouble(2));
            System.out.printf(Locale.ROOT, "release lag p50 / p99 / max:         %.0f / %.0f / %.0f ms%n",
                    result.getDouble(3), result.getDouble(4), result.getDouble(5));
        }
    }

    private static void waitFor(String api, long eventId, String counter, int value, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (get(api + "/api/events/" + eventId).get(counter).asInt() != value) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(counter + " did not reach " + value + " within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode post(String url, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
