package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.loadgen.HoldfastClient.Response;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** One flash sale: set up an event and its buyers, sell, purchase, cancel, let the rest expire, and observe. */
final class FlashSale {

    /** What the sale observed; {@link Report} judges it. */
    record Result(long eventId, List<String> sections, int users, long reserves, double seconds, Histogram latency,
                  Map<String, Long> outcomes, long ticketsPurchased, long unanswered, long oversoldSamples,
                  long samples, JsonNode finalEvent, boolean settled, List<JsonNode> waitlistEntries) {
    }

    /** A buyer who joined a waiting list, and the entry's id. */
    private record Waiter(String token, String entryId) {
    }

    private static final Duration PROGRESS_LINE_EVERY = Duration.ofSeconds(5);

    private final Options options;
    private final HoldfastClient client;
    private final PrintStream progressOut;
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong ticketsPurchased = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong oversoldSamples = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final List<Waiter> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();

    FlashSale(Options options, PrintStream progressOut) {
        this.options = options;
        this.client = new HoldfastClient(options.url(), options.concurrency());
        this.progressOut = progressOut;
    }

    Result run() throws Exception {
        List<String> tokens = createUsers();
        List<String> sections = new ArrayList<>();
        long eventId = createEvent(sections);
        ExecutorService buyers = Executors.newFixedThreadPool(options.concurrency());
        var done = new AtomicBoolean();
        Thread progress = new Thread(() -> watch(eventId, done), "progress");
        progress.setDaemon(true);

        long start = System.nanoTime();
        long deadline = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
        long intervalNanos = options.rate() == 0 ? 0 : 1_000_000_000L / options.rate();
        var next = new AtomicLong();
        progress.start();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < options.concurrency(); c++) {
            running.add(buyers.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < (options.duration() == null ? options.requests() : Long.MAX_VALUE)) {
                    long intended = intervalNanos == 0 ? System.nanoTime() : start + i * intervalNanos;
                    if (intended > deadline || System.nanoTime() > deadline) {
                        return;
                    }
                    LockSupport.parkNanos(intended - System.nanoTime());
                    buy(eventId, tokens.get((int) (i % tokens.size())), sections.get((int) (i % sections.size())),
                            intervalNanos == 0 ? System.nanoTime() : intended);
                }
            }));
        }
        for (Future<?> buyer : running) {
            buyer.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        buyers.shutdown();

        boolean settled = settle(eventId);
        done.set(true);
        progress.join();
        JsonNode event = client.getJson("/api/events/" + eventId);
        List<JsonNode> entries = new ArrayList<>();
        for (Waiter waiter : waiters) {
            entries.add(client.sendRetrying(true, "GET", "/api/waitlist/" + waiter.entryId(), waiter.token(), null)
                    .body());
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        outcomes.forEach((name, count) -> counts.put(name, count.sum()));
        // tries sent again, whatever the request (buyers' creation, commands, polls, reads of the event)
        putIfAny(counts, "retries after 503 unavailable", client.retriedUnavailable());
        putIfAny(counts, "retries after 429 rate_limited", client.retriedRateLimited());
        putIfAny(counts, "retries after no answer", client.retriedUnanswered());
        return new Result(eventId, sections, tokens.size(), sent.get(), seconds, latency, counts,
                ticketsPurchased.get(), unanswered.get(), oversoldSamples.get(), samples.get(), event, settled,
                entries);
    }

    private static void putIfAny(Map<String, Long> counts, String name, long count) {
        if (count > 0) {
            counts.put(name, count);
        }
    }

    /** One buyer: reserve, then buy, cancel or walk away. */
    private void buy(long eventId, String token, String section, long startNanos) {
        sent.incrementAndGet();
        Response held = command("POST", "/api/events/" + eventId + "/reservations", token,
                Map.of("quantity", 1, "section", section));
        latency.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
        answered.incrementAndGet();
        String outcome = count("reserve", held);
        if (outcome.equals("sold_out") && ThreadLocalRandom.current().nextDouble() < options.waitlistShare()) {
            Response joined = command("POST", "/api/events/" + eventId + "/waitlist", token,
                    Map.of("quantity", 1, "section", section));
            String status = count("waitlist_join", joined);
            if (status.equals("waiting") || status.equals("offered")) {
                waiters.add(new Waiter(token, joined.body().get("id").asText()));
            }
        }
        if (!outcome.equals("held")) {
            return;
        }
        String reservation = held.body().get("id").asText();
        double choice = ThreadLocalRandom.current().nextDouble();
        if (choice < options.purchaseShare()) {
            Response bought = command("POST", "/api/reservations/" + reservation + "/purchase", token,
                    Map.of("paymentReference", "loadgen"));
            if (count("purchase", bought).equals("purchased")) {
                ticketsPurchased.incrementAndGet();
            }
        } else if (choice < options.purchaseShare() + options.cancelShare()) {
            count("cancel", command("DELETE", "/api/reservations/" + reservation, token, null));
        } else {
            outcomes.computeIfAbsent("hold left to expire", k -> new LongAdder()).increment();
        }
    }

    /**
     * Submits with Prefer: wait and an Idempotency-Key of its own, retried with that key through 503, 429 and lost
     * answers (a retry answers the first try's request, so it never holds twice); when the wait was not enough,
     * long-polls until the outcome is final.
     */
    private Response command(String method, String path, String token, Object body) {
        Response response = client.sendRetrying(true, method, path, token, body, "Prefer",
                "wait=" + options.waitSeconds(), "Idempotency-Key", UUID.randomUUID().toString());
        for (int polls = 0; response.status() == 202 && polls < 4; polls++) {
            Response request = client.sendRetrying(true, "GET", "/api/requests/" + response.requestId() + "?wait=30",
                    token, null);
            if (request.status() != 200) {
                return request;
            }
            JsonNode document = request.body();
            String status = document.get("status").asText();
            if (status.equals("succeeded")) {
                return new Response(200, document.has("waitlistEntry") ? document.get("waitlistEntry")
                        : document.get("reservation"), response.requestId());
            }
            if (status.equals("rejected")) {
                return new Response(document.get("problem").get("status").asInt(), document.get("problem"),
                        response.requestId());
            }
        }
        if (response.status() == 202) {
            unanswered.incrementAndGet();
        }
        return response;
    }

    private String count(String command, Response response) {
        String outcome;
        if (response.status() >= 200 && response.status() < 300 && response.status() != 202) {
            outcome = response.body().get("status").asText();
        } else if (response.code() != null) {
            outcome = response.code();
            if (response.status() == 503) {
                // still unavailable when the retries ran out: the command may yet be applied
                unanswered.incrementAndGet();
            }
        } else {
            outcome = response.status() == 202 ? "still pending" : "no answer (" + response.status() + ")";
            if (response.status() != 202) {
                unanswered.incrementAndGet();
            }
        }
        outcomes.computeIfAbsent(command + " " + outcome, k -> new LongAdder()).increment();
        return outcome;
    }

    private List<String> createUsers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(64, options.concurrency()));
        try {
            List<Future<String>> users = new ArrayList<>();
            for (int i = 0; i < options.users(); i++) {
                int n = i;
                users.add(pool.submit(() -> client.create("/api/users", options.adminToken(),
                        Map.of("name", "buyer-" + n)).get("token").asText()));
            }
            List<String> tokens = new ArrayList<>(users.size());
            for (Future<String> user : users) {
                try {
                    tokens.add(user.get());
                } catch (ExecutionException failed) {
                    throw new IllegalStateException("cannot create the buyers: " + failed.getCause().getMessage());
                }
                if (options.progress() == Progress.BAR && tokens.size() % 1000 == 0) {
                    progressOut.printf("\rcreating buyers: %d of %d", tokens.size(), options.users());
                }
            }
            if (options.progress() == Progress.BAR) {
                progressOut.printf("\rcreated %d buyers%n", tokens.size());
            } else if (options.progress() == Progress.LINES) {
                progressOut.printf("created %d buyers%n", tokens.size());
            }
            return tokens;
        } finally {
            pool.shutdown();
        }
    }

    private long createEvent(List<String> sections) {
        List<Map<String, Object>> definitions = new ArrayList<>();
        for (int s = 0; s < options.sections(); s++) {
            int capacity = options.capacity() / options.sections() + (s < options.capacity() % options.sections() ? 1 : 0);
            String code = "section-" + (s + 1);
            sections.add(code);
            definitions.add(Map.of("code", code, "capacity", capacity));
        }
        return client.create("/api/events", options.adminToken(), Map.of(
                "name", options.eventName(), "holdSeconds", options.holdSeconds(),
                "sections", definitions)).get("id").asLong();
    }

    /**
     * Samples the event while the sale runs: held + sold must never exceed capacity. Shows the progress: a bar
     * redrawn in place on a terminal, one plain line every {@link #PROGRESS_LINE_EVERY} elsewhere.
     */
    private void watch(long eventId, AtomicBoolean done) {
        long started = System.nanoTime();
        long nextLine = started + PROGRESS_LINE_EVERY.toNanos();
        while (!done.get()) {
            try {
                JsonNode event = client.getJson("/api/events/" + eventId);
                samples.incrementAndGet();
                for (JsonNode section : event.get("sections")) {
                    if (section.get("held").asInt() + section.get("sold").asInt() > section.get("capacity").asInt()) {
                        oversoldSamples.incrementAndGet();
                    }
                }
                long now = System.nanoTime();
                if (options.progress() == Progress.BAR) {
                    progressOut.print("\r" + progressOf(event, (now - started) / 1e9) + "   ");
                } else if (options.progress() == Progress.LINES && now >= nextLine) {
                    progressOut.println(progressOf(event, (now - started) / 1e9));
                    nextLine = now + PROGRESS_LINE_EVERY.toNanos();
                }
            } catch (RuntimeException e) {
                // a missed sample is not a failure of the system under test
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        if (options.progress() == Progress.BAR) {
            progressOut.println();
        }
    }

    private String progressOf(JsonNode event, double seconds) {
        long done = answered.get();
        String bar;
        if (options.duration() == null) {
            int width = 30;
            int filled = (int) (width * Math.min(1.0, done / (double) options.requests()));
            bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + options.requests();
        } else {
            bar = String.format(Locale.ROOT, "%.0f/%d s, %d answered", seconds, options.duration().toSeconds(), done);
        }
        return String.format(Locale.ROOT, "%s  %6.0f req/s  available %d  held %d  sold %d", bar,
                done / Math.max(seconds, 1e-3), event.get("available").asInt(), event.get("held").asInt(),
                event.get("sold").asInt());
    }

    /**
     * Waits until no hold is left and nobody waits: every hold bought, cancelled, or expired and released, and every
     * waiting-list entry offered a hold that expired in turn (offers are not bought: each wave takes a hold time).
     */
    private boolean settle(long eventId) {
        long waves = 1 + waiters.size() / Math.max(1, options.capacity()) + 1;
        long deadline = System.nanoTime() + Duration.ofSeconds(options.holdSeconds() * waves + 30L).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = client.getJson("/api/events/" + eventId);
            if (event.get("held").asInt() == 0 && event.get("waiting").asInt() == 0) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return false;
    }
}
