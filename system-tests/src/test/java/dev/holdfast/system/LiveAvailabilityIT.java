package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watching an event: its document at once, then after each committed change. */
class LiveAvailabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api = HoldfastStack.shared().api;

    @Test
    void aWatcherGetsTheDocumentAtOnceThenEveryChange() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Live\",\"capacity\":5}");
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(api.baseUrl + "/api/events/" + eventId + "/stream"))
                .header("Accept", "text/event-stream").build();
        var stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> response.body().forEach(line -> {
            if (line.startsWith("data:")) {
                try {
                    messages.add(JSON.readTree(line.substring(5)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= 1);
        assertThat(messages.get(0).get("available").asInt()).isEqualTo(5);

        User ana = api.newUser();
        api.reserve(ana, eventId, "{\"quantity\":2}", "Prefer", "wait=10");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(messages.get(messages.size() - 1).get("available").asInt()).isEqualTo(3));
        assertThat(api.get("/api/events/999999999/stream", null).status()).isEqualTo(404);
    }

    @Test
    void streamsPastTheCapOfOneAddressAreRateLimitedUntilOneEnds() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Crowded\",\"capacity\":5}");
        HttpClient http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(api.baseUrl + "/api/events/" + eventId + "/stream"))
                .header("Accept", "text/event-stream").build();
        List<HttpResponse<Stream<String>>> open = new ArrayList<>();
        try {
            // the gateway's default cap is 20 streams per client address; other tests of this JVM may hold some of
            // them (all clients here are 127.0.0.1), so open streams until the first refusal, never more than 20
            HttpResponse<Stream<String>> refused = null;
            for (int i = 0; i <= 20 && refused == null; i++) {
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    open.add(response);
                } else {
                    refused = response;
                }
            }
            assertThat(open).hasSizeLessThanOrEqualTo(20).isNotEmpty();
            assertThat(refused).as("a stream past the cap").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            String problem = refused.body().collect(java.util.stream.Collectors.joining("\n"));
            assertThat(JSON.readTree(problem).get("code").asText()).isEqualTo("rate_limited");

            // one client goes away: the gateway notices at its next write (a keep-alive at the latest) and frees the slot
            open.remove(0).body().close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<Stream<String>> again = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (again.statusCode() == 200) {
                    open.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            open.forEach(response -> response.body().close());
        }
    }
}
