package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many parallel HTTP clients against a small capacity: exactly {@code capacity} of them get a hold. */
class ConcurrentReservationIT {

    private static final int CAPACITY = 37;
    private static final int USERS = 40;
    private static final int REQUESTS = 400;
    private static final int CLIENTS = 64;

    private final Api api = HoldfastStack.shared().api;

    @Test
    void exactlyCapacityRequestsSucceedWhateverTheConcurrency() throws Exception {
        long eventId = api.newEvent("{\"name\":\"Flash sale\",\"capacity\":" + CAPACITY + "}");
        List<User> users = IntStream.range(0, USERS).mapToObj(i -> api.newUser()).toList();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                User user = users.get(i % USERS);
                boolean waits = i % 2 == 0;
                running.add(clients.submit(() -> {
                    Response response = waits
                            ? api.reserve(user, eventId, "{}", "Prefer", "wait=20")
                            : api.reserve(user, eventId, "{}");
                    JsonNode outcome = api.outcome(user, response.header("Request-Id"));
                    String result = outcome.get("status").asText();
                    if (outcome.has("problem")) {
                        result += ":" + outcome.get("problem").get("code").asText();
                    }
                    outcomes.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(outcomes).containsOnlyKeys("succeeded", "rejected:sold_out");
        assertThat(outcomes.get("succeeded")).hasValue(CAPACITY);
        assertThat(outcomes.get("rejected:sold_out")).hasValue(REQUESTS - CAPACITY);
        JsonNode event = api.get("/api/events/" + eventId, null).json();
        assertThat(event.get("held").asInt()).isEqualTo(CAPACITY);
        assertThat(event.get("available").asInt()).isZero();
        assertThat(event.get("available").asInt() + event.get("held").asInt() + event.get("sold").asInt())
                .isEqualTo(event.get("capacity").asInt());
    }
}
