package dev.holdfast.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The honest sale that runs beside every attack: a handful of users reserving one ticket each on their own event with
 * {@code Prefer: wait=N}, at a fixed rate (each request sent at its planned time, a random moment of its slot, and timed
 * from it, so a stalled gateway shows in the latency instead of slowing the sender).
 */
final class HonestSale {

    record Result(int sent, double p50Millis, double p99Millis, double maxMillis, Map<String, Integer> answers) {

        long serverErrors() {
            return answers.entrySet().stream().filter(a -> a.getKey().startsWith("5") || a.getKey().equals("no answer"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        long notCreated() {
            return answers.entrySet().stream().filter(a -> !a.getKey().equals("201"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private final HoldfastClient gateway;
    private final long eventId;
    private final List<String> tokens;
    private final int ratePerSecond;
    private final int waitSeconds;

    HonestSale(HoldfastClient gateway, long eventId, List<String> tokens, int ratePerSecond, int waitSeconds) {
        this.gateway = gateway;
        this.eventId = eventId;
        this.tokens = tokens;
        this.ratePerSecond = ratePerSecond;
        this.waitSeconds = waitSeconds;
    }

    /**
     * Sends reserves at the fixed rate until at least {@code minimum} were sent and {@code until} is false, but never
     * more than {@code maximum}; then waits for the answers.
     */
    Result run(int minimum, int maximum, AtomicBoolean until) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> answers = Collections.synchronizedMap(new TreeMap<>());
        ExecutorService senders = Executors.newFixedThreadPool(Math.max(8, ratePerSecond / 2));
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        int sent = 0;
        var random = new java.util.Random(eventId);
        while (sent < maximum && (sent < minimum || until.get())) {
            // at a random moment of its slot: a fixed schedule could keep meeting (or keep missing) an attack that
            // comes in bursts at a fixed rate too, and the p99 would then say more about the phase than the system
            long planned = start + sent * interval + (long) (random.nextDouble() * interval);
            long now = System.nanoTime();
            if (planned > now) {
                LockSupport.parkNanos(planned - now);
            }
            String token = tokens.get(sent % tokens.size());
            senders.execute(() -> {
                var answer = gateway.send("POST", "/api/events/" + eventId + "/reservations", token,
                        Map.of("quantity", 1), "Prefer", "wait=" + waitSeconds);
                latencies.add((System.nanoTime() - planned) / 1e6);
                answers.merge(answer.status() < 0 ? "no answer" : Integer.toString(answer.status()), 1, Integer::sum);
            });
            sent++;
        }
        senders.shutdown();
        senders.awaitTermination(waitSeconds + 75L, TimeUnit.SECONDS);
        List<Double> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        return new Result(sent, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), Map.copyOf(answers));
    }

    /** The nearest-rank percentile of sorted values (NaN for none). */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }
}
