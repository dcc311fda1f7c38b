package dev.holdfast.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's retries: 503 and 429 waited out as Retry-After says, a lost answer retried only when safe. */
class HoldfastClientRetryTest {

    /** A request as the server saw it: when, and its Idempotency-Key. */
    private record Seen(long nanos, String idempotencyKey) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Answers the given statuses in turn (the last one from then on), each refusal with Retry-After: 1. */
    private HoldfastClient serving(int... statuses) throws IOException {
        var calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(System.nanoTime(), exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            exchange.getRequestBody().readAllBytes();
            int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
            if (status < 0) {
                // no answer at all: the connection closes without a response
                exchange.close();
                return;
            }
            answer(exchange, status);
        });
        server.start();
        return new HoldfastClient("http://127.0.0.1:" + server.getAddress().getPort(), 4);
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        String body = switch (status) {
            case 503 -> "{\"code\":\"unavailable\",\"status\":503}";
            case 429 -> "{\"code\":\"rate_limited\",\"status\":429}";
            default -> "{\"id\":7,\"token\":\"t\"}";
        };
        if (status == 503 || status == 429) {
            exchange.getResponseHeaders().add("Retry-After", "1");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aBuyerIsCreatedThrough503And429WaitingRetryAfterBetweenTries() throws IOException {
        HoldfastClient client = serving(503, 429, 201);

        var created = client.create("/api/users", "admin", Map.of("name", "buyer-1"));

        assertThat(created.get("token").asText()).isEqualTo("t");
        assertThat(seen).hasSize(3);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(Duration.ofNanos(seen.get(i).nanos() - seen.get(i - 1).nanos()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(client.retriedUnavailable()).isEqualTo(1);
        assertThat(client.retriedRateLimited()).isEqualTo(1);
    }

    @Test
    void aCommandIsRetriedAfterALostAnswerWithTheSameIdempotencyKey() throws IOException {
        HoldfastClient client = serving(-1, 503, 201);

        var answer = client.sendRetrying(true, "POST", "/api/events/1/reservations", "user", Map.of("quantity", 1),
                "Prefer", "wait=10", "Idempotency-Key", "key-1");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(seen).extracting(Seen::idempotencyKey).containsExactly("key-1", "key-1", "key-1");
        assertThat(client.retriedUnanswered()).isEqualTo(1);
    }

    @Test
    void aCreationWhoseAnswerWasLostIsNotSentAgain() throws IOException {
        HoldfastClient client = serving(-1, 201);

        assertThatThrownBy(() -> client.create("/api/users", "admin", Map.of("name", "buyer-1")))
                .hasMessageContaining("did not answer");
        assertThat(seen).hasSize(1);
    }

    @Test
    void otherRefusalsAreAnsweredAtOnce() throws IOException {
        HoldfastClient client = serving(401);

        assertThatThrownBy(() -> client.create("/api/users", "admin", Map.of("name", "buyer-1")))
                .hasMessageContaining("refused the admin token");
        assertThat(seen).hasSize(1);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(HoldfastClient.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(HoldfastClient.retryAfter(null)).isNull();
        assertThat(HoldfastClient.retryAfter("soon")).isNull();
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        assertThat(HoldfastClient.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(60));
        assertThat(HoldfastClient.retryAfter(past)).isZero();
    }

    @Test
    void theBackOffDoublesUpToItsCeilingAndNeverWaitsLessThanRetryAfter() {
        assertThat(HoldfastClient.pauseBefore(1, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(HoldfastClient.pauseBefore(3, null)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(HoldfastClient.pauseBefore(30, null)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(7500));
        assertThat(HoldfastClient.pauseBefore(1, Duration.ofSeconds(2)))
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }
}
