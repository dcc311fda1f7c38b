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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
import java.util.concurrent.Callable;

/**
 * Expiry promptness against a running stack ({@code ./holdfast bench-expiry}): 10,000 holds with {@code holdSeconds: 2}
 * expiring together, and how late each release was applied after its {@code expiresAt}.
 *
 * <p>The event and users are created over HTTP with the admin token. The 10,000 reserve commands are appended to
 * {@code reservation-commands} directly, as the gateway would, so that they are all held within a fraction of a
 * second and expire together. The lag of a hold is the time of the transaction that applied its release minus its
 * {@code expiresAt}, both by the database clock.
 */
@Command(name = "bench-expiry", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "holdfast-build", version = "holdfast bench-expiry ${bundle:holdfast.version}",
        description = "Expiry promptness: holds that expire together, and how late each release was applied.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the benchmark ran", "1:it could not finish (the stack refused or was too slow)",
                "2:a wrong command line"})
public final class ExpiryBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Option(names = "--holds", paramLabel = "N", defaultValue = "10000", description = "holds to create (${DEFAULT-VALUE})")
    int holds;

    @Option(names = "--hold-seconds", paramLabel = "N", defaultValue = "2",
            description = "the event's hold time (${DEFAULT-VALUE})")
    int holdSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExpiryBenchmark())
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    line.getErr().println("bench-expiry: " + failure.getMessage());
                    return 1;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (holds < 1 || holdSeconds < 1) {
            throw new ParameterException(new CommandLine(this), "--holds and --hold-seconds must be at least 1");
        }
        String api = "http://127.0.0.1:" + Settings.get("HOLDFAST_HTTP_PORT", "8080");
        String admin = Settings.get("HOLDFAST_ADMIN_TOKEN", "");
        String kafka = Settings.get("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
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
        try (Connection connection = database.connect()) {
            // The first holds may expire (and be released) before a slow worker applied the last: wait for every
            // reserve to have its outcome, not for `held` to reach the total.
            waitForRows(connection, eventId, "reserve", holds, 120);
            System.out.println("all " + holds + " reserves applied; waiting for their release");
            waitFor(api, eventId, "available", holds, 60 + holdSeconds);
            report(connection, eventId);
        }
        return 0;
    }

    private void report(Connection connection, long eventId) throws Exception {
        try (PreparedStatement lag = connection.prepareStatement("""
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

    private static void waitForRows(Connection connection, long eventId, String type, int count, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (PreparedStatement applied = connection.prepareStatement(
                "select count(*) from requests where event_id = ? and type = ?")) {
            applied.setLong(1, eventId);
            applied.setString(2, type);
            while (true) {
                try (ResultSet result = applied.executeQuery()) {
                    result.next();
                    if (result.getLong(1) >= count) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + result.getLong(1) + " of " + count + " " + type
                                + " commands were applied within " + seconds + " s");
                    }
                }
                Thread.sleep(100);
            }
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
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException("the gateway refused the admin token (" + response.statusCode() + " from "
                    + url + "): HOLDFAST_ADMIN_TOKEN must be the token the stack was started with (./holdfast up "
                    + "prints it)");
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
