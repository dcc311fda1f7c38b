package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.loadgen.HoldfastClient.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of a fault scenario, as careful clients make it: buyers over several events and both gateways reserve,
 * then purchase, cancel, extend or let their holds expire. Every command carries an Idempotency-Key and is retried
 * with it, through the other gateway, after a 503 or a broken connection, so that nothing a client was told is
 * lost and nothing is applied twice. Records every request a gateway accepted, and every answer by status.
 */
final class FaultLoad {

    /** A request some gateway accepted (a 202, or an outcome), and who may poll it. */
    record Accepted(String requestId, String token) {
    }

    private final List<HoldfastClient> gateways;
    private final List<Long> events;
    private final List<String> tokens;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private ExecutorService clients;

    FaultLoad(List<HoldfastClient> gateways, List<Long> events, List<String> tokens) {
        this.gateways = gateways;
        this.events = events;
        this.tokens = tokens;
    }

    void start(int concurrency) {
        clients = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency; i++) {
            clients.submit(() -> {
                while (running.get()) {
                    buy();
                }
            });
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
    }

    Map<String, Accepted> accepted() {
        return accepted;
    }

    /** Answers seen, by kind: {@code 201}, {@code 503 unavailable}, {@code connection failed}, ... */
    Map<String, Long> answers() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        answers.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    private void buy() {
        var random = ThreadLocalRandom.current();
        long eventId = events.get(random.nextInt(events.size()));
        String token = tokens.get(random.nextInt(tokens.size()));
        String section = List.of("a", "b", "c").get(random.nextInt(3));
        Object body = Map.of("quantity", 1 + random.nextInt(2), "section", section);
        if (section.equals("c") && random.nextInt(4) == 0) {
            // section c is seated (6 rows of 20): a quarter of its reserves pick two seats side by side
            int row = random.nextInt(FaultSuite.SEATED_ROWS);
            int seat = 1 + random.nextInt(19);
            String label = String.valueOf((char) ('A' + row));
            body = Map.of("section", "c", "seats", List.of(label + "-" + seat, label + "-" + (seat + 1)));
        }
        Response held = command("POST", "/api/events/" + eventId + "/reservations", token, body);
        if (held == null || held.status() != 201) {
            return;
        }
        String reservation = "/api/reservations/" + held.body().get("id").asText();
        double choice = random.nextDouble();
        if (choice < 0.35) {
            command("POST", reservation + "/purchase", token, Map.of("paymentReference", "faults"));
        } else if (choice < 0.55) {
            command("DELETE", reservation, token, null);
        } else if (choice < 0.75) {
            command("POST", reservation + "/extend", token, null);
        }
    }

    /**
     * Submits with an Idempotency-Key and {@code Prefer: wait=5}, retrying the same key through the next gateway
     * for as long as the command log or the gateway is away (up to two minutes).
     *
     * @return the final answer, or null when the load stopped first
     */
    private Response command(String method, String path, String token, Object body) {
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HoldfastClient gateway = gateways.get(Math.floorMod(next.getAndIncrement(), gateways.size()));
            Response response = gateway.send(method, path, token, body, "Idempotency-Key", key, "Prefer", "wait=5");
            count(response);
            if (response.requestId() != null && response.status() != 503) {
                accepted.putIfAbsent(response.requestId(), new Accepted(response.requestId(), token));
            }
            if (response.status() == -1 || response.status() == 503 || response.status() == 429) {
                if (!running.get() && response.requestId() == null) {
                    return null;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                continue;
            }
            return response;
        }
        return null;
    }

    private void count(Response response) {
        String kind = switch (response.status()) {
            case -1 -> "connection failed";
            case 503 -> "503 " + response.code();
            default -> Integer.toString(response.status());
        };
        answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * Polls a random sample of the accepted requests until each is final, through the API; @return those still pending.
     * A sample, because polls are rate-limited per user (20 a second): all of a run's 10,000 or more would take longer
     * than the wait allowed. The fault suite checks every accepted request's outcome row in the database besides.
     */
    List<Accepted> unsettled(Duration within, int sample) {
        long deadline = System.nanoTime() + within.toNanos();
        List<Accepted> pending = new ArrayList<>(accepted.values());
        java.util.Collections.shuffle(pending);
        pending = new ArrayList<>(pending.subList(0, Math.min(sample, pending.size())));
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<Accepted> still = new ArrayList<>();
            for (Accepted request : pending) {
                Response polled = gateways.get(0).send("GET", "/api/requests/" + request.requestId() + "?wait=1",
                        request.token(), null);
                if (polled.status() == 429) {
                    // polls are rate-limited per user: wait the second the gateway asks for, then go on
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
                JsonNode body = polled.body();
                if (polled.status() != 200 || body == null || body.get("status").asText().equals("pending")) {
                    still.add(request);
                }
            }
            pending = still;
        }
        return pending;
    }
}
