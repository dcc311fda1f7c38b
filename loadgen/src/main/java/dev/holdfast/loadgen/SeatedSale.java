package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.consumer.SeatLedger;
import dev.holdfast.consumer.SectionTally;
import dev.holdfast.consumer.UserTickets;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.loadgen.HoldfastClient.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A seated flash sale ({@code ./holdfast demo --seated}): a hall of 2,000 seats in 40 rows with two aisles, accessible
 * places and a blocked sound desk; 20,000 buyers want 1–6 seats each: most 2–6 by best available, some picking 1–4
 * exact seats, some asking for 1–2 accessible places or accepting 3–6 seats apart. Holds are bought, cancelled or left to expire.
 * Then the hall is swept with pairs until no two seats side by side are left, and the report compares the orphans
 * (single free seats) with those a naive first-fit allocator leaves on the same requests, checks that front rows sold
 * first, draws the final map, and proves the invariants from the API and from {@code reservation-events}.
 */
@Command(name = "demo --seated", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = "A seated flash sale with its report: seats together, orphans against first-fit, front rows "
                + "first, the final map, and the invariants.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:a wrong command line or no system to reach"})
public final class SeatedSale implements Callable<Integer> {

    private static final int ROWS = 40;
    private static final int SEATS_PER_ROW = 50;
    private static final List<Integer> AISLES = List.of(10, 40);
    private static final List<String> ACCESSIBLE = List.of("A-1", "A-2", "A-49", "A-50");
    private static final int MAX_PER_USER = 6;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the gateway (${DEFAULT-VALUE})")
    String url;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:HOLDFAST_ADMIN_TOKEN}",
            description = "the admin token (default: HOLDFAST_ADMIN_TOKEN)")
    String adminToken;

    @Option(names = "--buyers", paramLabel = "N", defaultValue = "20000", description = "buyers (${DEFAULT-VALUE})")
    int buyers;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200",
            description = "HTTP connections in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--hold-seconds", paramLabel = "N", defaultValue = "5",
            description = "how long a hold lasts (${DEFAULT-VALUE})")
    int holdSeconds;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "the broker, to read reservation-events (${DEFAULT-VALUE})")
    String kafka;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261130",
            description = "what the buyers want follows from it (${DEFAULT-VALUE})")
    long seed;

    /** What one buyer asks for: best available (with its flags) or exact seats, and what they do with a hold. */
    private record Ask(int quantity, List<String> seats, Boolean adjacent, Boolean accessible, Decision decision) {

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("section", "hall");
            if (seats != null) {
                body.put("seats", seats);
            } else {
                body.put("quantity", quantity);
            }
            if (adjacent != null) {
                body.put("adjacent", adjacent);
            }
            if (accessible != null) {
                body.put("accessible", accessible);
            }
            return body;
        }

        boolean plainBestAvailable() {
            return seats == null && adjacent == null && accessible == null;
        }
    }

    private enum Decision { PURCHASE, CANCEL, EXPIRE }

    private HoldfastClient client;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    /** The request ids of plain best-available reserves, for the front-rows check. */
    private final Set<String> plainRequests = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SeatedSale())
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    line.getErr().println("demo --seated: " + failure.getMessage());
                    return 2;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("give --admin-token or set HOLDFAST_ADMIN_TOKEN");
        }
        url = url.replaceAll("/+$", "");
        client = new HoldfastClient(url, concurrency);
        long eventId = client.create("/api/events", adminToken, hall()).get("id").asLong();
        List<Ask> asks = asks();
        System.out.printf(Locale.ROOT, "Seated sale: event %d, a hall of %d seats; %d buyers want 1-6 seats each%n",
                eventId, ROWS * SEATS_PER_ROW, buyers);
        List<String> tokens = users("seated-buyer", buyers);

        long start = System.nanoTime();
        runAll(buyers, concurrency, i -> buy(eventId, tokens.get(i), asks.get(i)));
        double saleSeconds = (System.nanoTime() - start) / 1e9;
        awaitNoHolds(eventId);
        int sweeps = sweep(eventId);
        awaitNoHolds(eventId);

        JsonNode map = client.getJson("/api/events/" + eventId + "/sections/hall/seats");
        JsonNode event = client.getJson("/api/events/" + eventId);
        // with no hold left, the stream holds two changes per hold, its start and its end; nothing else changed
        long lastSequence = 2 * (outcomes.getOrDefault("held", new LongAdder()).sum() + sweeps);
        ChangeLog.Read log = ChangeLog.read(kafka, eventId, lastSequence, Duration.ofSeconds(60));
        return report(eventId, saleSeconds, sweeps, asks, map, event, log) ? 0 : 1;
    }

    private Map<String, Object> hall() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            rows.add(Map.of("row", label(r), "seats", SEATS_PER_ROW, "aisleAfter", AISLES));
        }
        List<String> blocked = new ArrayList<>();
        for (int seat = 21; seat <= 30; seat++) {
            blocked.add("P-" + seat);
        }
        Map<String, Object> seating = Map.of("rows", rows, "accessible", ACCESSIBLE, "blocked", blocked);
        return Map.of("name", "Seated sale", "holdSeconds", holdSeconds, "maxTicketsPerUser", MAX_PER_USER,
                "sections", List.of(Map.of("code", "hall", "name", "Hall", "seating", seating)));
    }

    /** Row labels front to back: A..Z, then AA, AB, ... */
    static String label(int row) {
        return row < 26 ? String.valueOf((char) ('A' + row)) : "A" + (char) ('A' + row - 26);
    }

    private List<Ask> asks() {
        var random = new Random(seed);
        // best available asks for 2 to 6: single seats come from picks and accessible reserves only, so that the
        // single seats left at the end are orphans that no one asked to fill, for Holdfast and first-fit alike
        int[] quantities = {2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6};
        List<Ask> asks = new ArrayList<>(buyers);
        for (int i = 0; i < buyers; i++) {
            double kind = random.nextDouble();
            double then = random.nextDouble();
            Decision decision = then < 0.7 ? Decision.PURCHASE : then < 0.85 ? Decision.CANCEL : Decision.EXPIRE;
            if (kind < 0.10) {
                int row = random.nextInt(20);
                int count = 1 + random.nextInt(4);
                int first = 1 + random.nextInt(SEATS_PER_ROW - count + 1);
                List<String> seats = new ArrayList<>();
                for (int seat = first; seat < first + count; seat++) {
                    seats.add(label(row) + "-" + seat);
                }
                asks.add(new Ask(count, seats, null, null, decision));
            } else if (kind < 0.12) {
                asks.add(new Ask(1 + random.nextInt(2), null, null, true, decision));
            } else if (kind < 0.16) {
                asks.add(new Ask(3 + random.nextInt(4), null, false, null, decision));
            } else {
                asks.add(new Ask(quantities[random.nextInt(quantities.length)], null, null, null, decision));
            }
        }
        return asks;
    }

    private List<String> users(String prefix, int count) throws Exception {
        List<String> tokens = new ArrayList<>(java.util.Collections.nCopies(count, (String) null));
        // creating users is admin work, not the sale: fewer connections than the buyers', as the flash sale does
        runAll(count, Math.min(32, concurrency), i -> {
            Response created = retried("POST", "/api/users", adminToken, Map.of("name", prefix + "-" + i), null);
            if (created.status() != 201) {
                throw new IllegalStateException("POST /api/users answered " + created.status() + " " + created.body());
            }
            tokens.set(i, created.body().get("token").asText());
        });
        return tokens;
    }

    private void runAll(int count, int threads, java.util.function.IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < threads; c++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        task.accept(i);
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The client's retries of 503 and 429 ({@link HoldfastClient#sendRetrying}); a command carries one
     * Idempotency-Key over its retries and waits for its outcome, so a retry never holds twice.
     */
    private Response retried(String method, String path, String token, Object body, String idempotencyKey) {
        return idempotencyKey == null ? client.sendRetrying(method.equals("GET"), method, path, token, body)
                : client.sendRetrying(true, method, path, token, body, "Prefer", "wait=10",
                        "Idempotency-Key", idempotencyKey);
    }

    private void buy(long eventId, String token, Ask ask) {
        Response reserved = retried("POST", "/api/events/" + eventId + "/reservations", token, ask.body(),
                UUID.randomUUID().toString());
        if (ask.plainBestAvailable() && reserved.requestId() != null) {
            plainRequests.add(reserved.requestId());
        }
        count(reserved);
        if (reserved.status() != 201) {
            return;
        }
        String reservation = "/api/reservations/" + reserved.body().get("id").asText();
        Response after = switch (ask.decision()) {
            case PURCHASE -> retried("POST", reservation + "/purchase", token, Map.of(), UUID.randomUUID().toString());
            case CANCEL -> retried("DELETE", reservation, token, null, UUID.randomUUID().toString());
            case EXPIRE -> null;
        };
        if (after != null && after.status() >= 500) {
            failures.incrementAndGet();
        }
    }

    private void count(Response response) {
        String key = response.status() == 201 ? "held" : response.code() != null ? response.code()
                : "HTTP " + response.status();
        outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (response.status() >= 500 || response.status() == 202 || response.status() < 0) {
            failures.incrementAndGet();
        }
    }

    /** Waits until no hold is left: every one bought, cancelled or expired and released. */
    private void awaitNoHolds(long eventId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(holdSeconds + 60L).toNanos();
        while (client.getJson("/api/events/" + eventId).get("held").asInt() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("holds were still held " + (holdSeconds + 60) + " s after the sale");
            }
            Thread.sleep(250);
        }
    }

    /** Buys pairs of seats side by side until none are left; returns how many pairs were bought. */
    private int sweep(long eventId) throws Exception {
        int pairs = 0;
        List<String> sweepers = users("seated-sweeper", ROWS * SEATS_PER_ROW / MAX_PER_USER + 1);
        int sweeper = 0;
        int boughtBySweeper = 0;
        while (true) {
            if (boughtBySweeper + 2 > MAX_PER_USER) {
                sweeper++;
                boughtBySweeper = 0;
            }
            String token = sweepers.get(sweeper);
            Response held = retried("POST", "/api/events/" + eventId + "/reservations", token,
                    Map.of("section", "hall", "quantity", 2), UUID.randomUUID().toString());
            if (held.status() != 201) {
                if (!"no_adjacent_seats".equals(held.code()) && !"sold_out".equals(held.code())) {
                    throw new IllegalStateException("the sweep's reserve answered " + held.status() + " " + held.body());
                }
                return pairs;
            }
            Response bought = retried("POST", "/api/reservations/" + held.body().get("id").asText() + "/purchase",
                    token, Map.of(), UUID.randomUUID().toString());
            if (bought.status() != 200) {
                throw new IllegalStateException("the sweep's purchase answered " + bought.status() + " " + bought.body());
            }
            boughtBySweeper += 2;
            pairs++;
        }
    }

    private boolean report(long eventId, double saleSeconds, int sweeps, List<Ask> asks, JsonNode map, JsonNode event,
                           ChangeLog.Read log) {
        var ledger = new SeatLedger();
        var tally = new SectionTally();
        var users = new UserTickets();
        for (ReservationChange change : log.changes()) {
            ledger.accept(change);
            tally.accept(change);
            users.accept(change);
        }
        List<ReservationHeld> holds = log.changes().stream().filter(ReservationHeld.class::isInstance)
                .map(ReservationHeld.class::cast).toList();

        System.out.println();
        System.out.printf(Locale.ROOT, "sale: %d buyers in %.1f s (%.0f reserves/s); then %d pairs swept up%n", buyers,
                saleSeconds, buyers / saleSeconds, sweeps);
        System.out.println("reserve outcomes: " + new TreeMap<>(outcomes));

        long multi = holds.stream().filter(hold -> hold.seats().size() > 1).count();
        long together = holds.stream().filter(hold -> hold.seats().size() > 1).filter(SeatedSale::together).count();
        System.out.printf(Locale.ROOT, "multi-seat holds seated together: %d of %d (%.1f%%)%n", together, multi,
                multi == 0 ? 100.0 : 100.0 * together / multi);

        int orphans = orphans(map);
        int firstFitOrphans = FirstFit.orphansAfter(asks);
        System.out.printf(Locale.ROOT, "orphans when sold out (single free seats): %d; a first-fit allocator on the "
                + "same requests: %d%n", orphans, firstFitOrphans);

        List<Integer> plainRows = holds.stream().filter(hold -> hold.requestId() != null
                        && plainRequests.contains(hold.requestId().toString()))
                .map(hold -> rowIndex(hold.seats().get(0))).toList();
        int quarter = Math.max(1, plainRows.size() / 4);
        double firstQuarter = plainRows.stream().limit(quarter).mapToInt(Integer::intValue).average().orElse(0);
        double lastQuarter = plainRows.stream().skip(plainRows.size() - quarter).mapToInt(Integer::intValue).average()
                .orElse(0);
        System.out.printf(Locale.ROOT, "front rows first: the first quarter of best-available holds sat in row %.1f on "
                + "average, the last quarter in row %.1f (row 0 is the front)%n", firstQuarter, lastQuarter);

        System.out.println();
        System.out.println("final map (# sold, h held, . free, w free accessible place, x blocked; | an aisle):");
        System.out.println("        " + "-".repeat(SEATS_PER_ROW / 2 - 3) + " stage " + "-".repeat(SEATS_PER_ROW / 2 - 3));
        for (JsonNode row : map.get("rows")) {
            System.out.printf(Locale.ROOT, "  %-4s  %s%n", row.get("row").asText(), picture(row));
        }

        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("no request failed (5xx or unanswered)", failures.get() == 0);
        checks.put("counters equal seat statuses (seat map)", countersMatch(map));
        JsonNode section = event.get("sections").get(0);
        checks.put("event document equals seat map", section.get("available").asInt() == map.get("available").asInt()
                && section.get("held").asInt() == map.get("held").asInt()
                && section.get("sold").asInt() == map.get("sold").asInt()
                && section.get("capacity").asInt() == map.get("capacity").asInt());
        checks.put("a seat in at most one active reservation (reservation-events)", ledger.doubleBooked().isEmpty());
        checks.put("seats rebuilt from reservation-events equal the seat map", ledgerMatches(ledger, map));
        checks.put("reservation-events gapless, 1.." + log.lastSequence(), log.gapless() && !log.changes().isEmpty());
        SectionTally.Counters counters = tally.section(eventId, "hall");
        checks.put("counters rebuilt from reservation-events equal the API's", counters != null
                && counters.available() == section.get("available").asInt()
                && counters.held() == section.get("held").asInt() && counters.sold() == section.get("sold").asInt());
        checks.put("no user over " + MAX_PER_USER + " seats", users.highestOfAnyUser() <= MAX_PER_USER);
        checks.put("no request made two reservations", users.requestsWithTwoReservations().isEmpty());
        checks.put("multi-seat best-available holds seated together", holds.stream()
                .filter(hold -> hold.requestId() != null && plainRequests.contains(hold.requestId().toString()))
                .allMatch(SeatedSale::together));
        checks.put("front rows sold first", firstQuarter < lastQuarter);
        checks.put("no more orphans than first-fit", orphans <= firstFitOrphans);
        System.out.println();
        boolean passed = true;
        for (var check : checks.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-66s %s%n", check.getKey(), check.getValue() ? "PASS" : "FAIL");
            passed &= check.getValue();
        }
        System.out.println("RESULT: " + (passed ? "PASSED" : "FAILED"));
        return passed;
    }

    static int rowIndex(String seat) {
        String row = seat.substring(0, seat.indexOf('-'));
        return row.length() == 1 ? row.charAt(0) - 'A' : 26 + row.charAt(1) - 'A';
    }

    static int number(String seat) {
        return Integer.parseInt(seat.substring(seat.indexOf('-') + 1));
    }

    /** Whether the seats are side by side in one row, with no aisle between any two. */
    static boolean together(ReservationHeld hold) {
        List<String> seats = hold.seats();
        for (int i = 1; i < seats.size(); i++) {
            int previous = number(seats.get(i - 1));
            if (rowIndex(seats.get(i)) != rowIndex(seats.get(0)) || number(seats.get(i)) != previous + 1
                    || AISLES.contains(previous)) {
                return false;
            }
        }
        return true;
    }

    /** Free ordinary seats with no free ordinary neighbour on either side (an aisle or the row's end is no neighbour). */
    private static int orphans(JsonNode map) {
        int orphans = 0;
        for (JsonNode row : map.get("rows")) {
            String label = row.get("row").asText();
            String seats = row.get("seats").asText();
            for (int n = 1; n <= seats.length(); n++) {
                if (free(seats, label, n) && !(n > 1 && !AISLES.contains(n - 1) && free(seats, label, n - 1))
                        && !(n < seats.length() && !AISLES.contains(n) && free(seats, label, n + 1))) {
                    orphans++;
                }
            }
        }
        return orphans;
    }

    private static boolean free(String seats, String label, int number) {
        return seats.charAt(number - 1) == 'A' && !ACCESSIBLE.contains(label + "-" + number);
    }

    private static String picture(JsonNode row) {
        String label = row.get("row").asText();
        String seats = row.get("seats").asText();
        StringBuilder line = new StringBuilder();
        for (int n = 1; n <= seats.length(); n++) {
            char letter = seats.charAt(n - 1);
            line.append(switch (letter) {
                case 'S' -> '#';
                case 'H' -> 'h';
                case 'B' -> 'x';
                default -> ACCESSIBLE.contains(label + "-" + n) ? 'w' : '.';
            });
            if (AISLES.contains(n)) {
                line.append('|');
            }
        }
        return line.toString();
    }

    private static boolean countersMatch(JsonNode map) {
        Map<Character, Integer> letters = new HashMap<>();
        for (JsonNode row : map.get("rows")) {
            for (char letter : row.get("seats").asText().toCharArray()) {
                letters.merge(letter, 1, Integer::sum);
            }
        }
        int available = letters.getOrDefault('A', 0);
        int held = letters.getOrDefault('H', 0);
        int sold = letters.getOrDefault('S', 0);
        return available == map.get("available").asInt() && held == map.get("held").asInt()
                && sold == map.get("sold").asInt() && available + held + sold == map.get("capacity").asInt();
    }

    private static boolean ledgerMatches(SeatLedger ledger, JsonNode map) {
        for (JsonNode row : map.get("rows")) {
            String label = row.get("row").asText();
            String seats = row.get("seats").asText();
            for (int n = 1; n <= seats.length(); n++) {
                char letter = seats.charAt(n - 1);
                if (letter != 'B' && ledger.letter("hall", label + "-" + n) != letter) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A naive allocator for comparison: each best-available request takes the first {@code quantity} free ordinary
     * seats side by side, front row first, left to right; picks take their seats when free. Requests are replayed one
     * after another in the buyers' order with the same decisions (a cancelled or expired hold frees its seats at once),
     * then the hall is swept with pairs the same way, and the single free seats left are counted.
     */
    static final class FirstFit {

        private FirstFit() {
        }

        static int orphansAfter(List<Ask> asks) {
            boolean[][] taken = new boolean[ROWS][SEATS_PER_ROW + 1];
            for (int seat = 21; seat <= 30; seat++) {
                taken[rowIndex("P-1")][seat] = true;
            }
            for (String place : ACCESSIBLE) {
                taken[rowIndex(place)][number(place)] = true;
            }
            for (Ask ask : asks) {
                if (ask.accessible() != null) {
                    continue;
                }
                List<int[]> seats = ask.seats() != null ? picked(taken, ask.seats()) : firstBlock(taken, ask.quantity());
                if (seats == null) {
                    continue;
                }
                boolean keep = ask.decision() == Decision.PURCHASE;
                seats.forEach(seat -> taken[seat[0]][seat[1]] = keep);
            }
            List<int[]> pair;
            while ((pair = firstBlock(taken, 2)) != null) {
                pair.forEach(seat -> taken[seat[0]][seat[1]] = true);
            }
            int orphans = 0;
            for (int row = 0; row < ROWS; row++) {
                for (int n = 1; n <= SEATS_PER_ROW; n++) {
                    if (!taken[row][n]) {
                        orphans++;
                    }
                }
            }
            return orphans;
        }

        private static List<int[]> picked(boolean[][] taken, List<String> seats) {
            List<int[]> wanted = seats.stream().map(seat -> new int[] {rowIndex(seat), number(seat)}).toList();
            return wanted.stream().anyMatch(seat -> taken[seat[0]][seat[1]]) ? null : wanted;
        }

        private static List<int[]> firstBlock(boolean[][] taken, int quantity) {
            for (int row = 0; row < ROWS; row++) {
                int run = 0;
                for (int n = 1; n <= SEATS_PER_ROW; n++) {
                    run = taken[row][n] ? 0 : run + 1;
                    if (run == quantity) {
                        List<int[]> block = new ArrayList<>();
                        for (int seat = n - quantity + 1; seat <= n; seat++) {
                            block.add(new int[] {row, seat});
                        }
                        return block;
                    }
                    if (AISLES.contains(n)) {
                        run = 0;
                    }
                }
            }
            return null;
        }
    }
}
