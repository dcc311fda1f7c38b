package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.consumer.SeatLedger;
import dev.holdfast.consumer.SectionTally;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault suite, {@code ./holdfast chaos}: against the local stack of two gateways and two reservation workers
 * (real processes, a real broker), it runs one scenario per fault under load and checks after each that nothing
 * was lost, doubled or oversold:
 * <ul>
 *     <li>every accepted request has one final outcome, none pending 30 s after recovery;</li>
 *     <li>held + sold never above capacity (sampled throughout), and the counters equal the reservation rows;</li>
 *     <li>no reserve request made two reservations;</li>
 *     <li>in the seated section c (best available and picked pairs): no seat in two active reservations, in the
 *     rows and in reservation-events, the seat letters equal the counters, and every active seat has its
 *     {@code reservation_seats} row;</li>
 *     <li>reservation-events is gapless per event, and its tallies equal the counters;</li>
 *     <li>from reservation-events alone: no user ever held and owned more than {@code maxTicketsPerUser} at once,
 *     and no request made two reservations;</li>
 *     <li>no 5xx but {@code 503 unavailable}.</li>
 * </ul>
 */
public final class FaultSuite {

    /** The per-user limit of the suite's events: the load's 40 users reserve 1 or 2 at a time, often past it. */
    private static final int MAX_TICKETS_PER_USER = 4;


    /** The command line: which scenarios to run. */
    @Command(name = "chaos", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            resourceBundle = "holdfast-build", version = "holdfast chaos ${bundle:holdfast.version}",
            description = "The fault suite: two gateways and two reservation workers under load, one scenario per fault; "
                    + "checks after each that nothing was lost, doubled or oversold. Needs HOLDFAST_ADMIN_TOKEN (./holdfast "
                    + "chaos sets it) and runs ./holdfast up to heal the stack.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every scenario passed", "1:a check failed", "2:the suite could not run"})
    static final class Selection implements Callable<Integer> {

        @Parameters(paramLabel = "WORD", arity = "0..*",
                description = "run only the scenarios whose name contains one of these words (all by default)")
        List<String> words = List.of();

        @Override
        public Integer call() throws Exception {
            if (System.getenv("HOLDFAST_ADMIN_TOKEN") == null) {
                throw new IllegalStateException("set HOLDFAST_ADMIN_TOKEN (./holdfast chaos does)");
            }
            return runAll(words);
        }
    }

    private static final int GATEWAYS = 2;
    private static final int WORKERS = 2;

    /** One fault: hurt the stack, then heal it; returns once it was healed. */
    @FunctionalInterface
    private interface Fault {
        void inject(LocalStack stack) throws Exception;
    }

    private record Scenario(String name, Fault fault) {
    }

    private record Outcome(String scenario, int accepted, long unsettled, long unavailable, long connectionFailures,
                           long otherServerErrors, double recoverySeconds, double seconds, List<String> failures) {
    }

    private final String adminToken;
    private final String databaseUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final String kafka;
    private final LocalStack stack;
    private final List<HoldfastClient> gateways = new ArrayList<>();

    private FaultSuite(Path root) {
        this.adminToken = System.getenv("HOLDFAST_ADMIN_TOKEN");
        this.databaseUrl = System.getenv().getOrDefault("HOLDFAST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/holdfast");
        this.databaseUser = System.getenv().getOrDefault("HOLDFAST_DB_USER", "postgres");
        this.databasePassword = System.getenv().getOrDefault("HOLDFAST_DB_PASSWORD", "");
        this.kafka = System.getenv().getOrDefault("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        this.stack = new LocalStack(root);
        int port = Integer.parseInt(System.getenv().getOrDefault("HOLDFAST_HTTP_PORT", "8080"));
        for (int i = 0; i < GATEWAYS; i++) {
            gateways.add(new HoldfastClient("http://127.0.0.1:" + (port + 10 * i), 64));
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Selection())
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    line.getErr().println("chaos: " + failure);
                    return 2;
                })
                .execute(args));
    }

    private static int runAll(List<String> only) throws Exception {
        List<Scenario> all = List.of(
                new Scenario("worker kill -9, ten times", stack -> {
                    for (int i = 0; i < 10; i++) {
                        stack.kill(i % 2 == 0 ? "reservation-worker" : "reservation-worker-2");
                        stack.up(GATEWAYS, WORKERS);
                    }
                }),
                new Scenario("gateway kill -9", stack -> {
                    stack.kill("api-gateway-2");
                    sleep(Duration.ofSeconds(2));
                    stack.up(GATEWAYS, WORKERS);
                }),
                new Scenario("broker kill -9 and restart", stack -> {
                    stack.kill("kafka");
                    sleep(Duration.ofSeconds(3));
                    stack.up(GATEWAYS, WORKERS);
                }),
                new Scenario("PostgreSQL stopped at once, restarted", stack -> {
                    stack.stopPostgres();
                    sleep(Duration.ofSeconds(3));
                    stack.startPostgres();
                }),
                new Scenario("a third worker joins and leaves (rebalance)", stack -> {
                    stack.up(GATEWAYS, WORKERS + 1);
                    sleep(Duration.ofSeconds(5));
                    stack.stop("reservation-worker-3");
                }));
        List<Scenario> chosen = all.stream()
                .filter(scenario -> only.isEmpty() || only.stream().anyMatch(word -> scenario.name().contains(word)))
                .toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no scenario's name contains " + only + "; the scenarios: "
                    + all.stream().map(Scenario::name).toList());
        }
        var suite = new FaultSuite(Path.of(System.getProperty("user.dir")));
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario scenario : chosen) {
            try {
                outcomes.add(suite.run(scenario));
            } catch (Exception broken) {
                // the stack could not be healed: the scenarios after this one would measure nothing
                System.err.printf("scenario failed to run: %s%n", broken.getMessage());
                outcomes.add(new Outcome(scenario.name(), 0, 0, 0, 0, 0, Double.NaN, Double.NaN,
                        List.of("could not run or heal the stack: " + broken.getMessage())));
                break;
            }
        }
        print(outcomes);
        return outcomes.stream().allMatch(outcome -> outcome.failures().isEmpty()) ? 0 : 1;
    }

    /** Rows of the seated section c, each of 20 seats with an aisle after 10. */
    static final int SEATED_ROWS = 6;

    private static Map<String, Object> seating() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int row = 0; row < SEATED_ROWS; row++) {
            rows.add(Map.of("row", String.valueOf((char) ('A' + row)), "seats", 20, "aisleAfter", List.of(10)));
        }
        return Map.of("rows", rows, "accessible", List.of("A-1"), "blocked", List.of("F-20"));
    }

    private Outcome run(Scenario scenario) throws Exception {
        System.err.printf("scenario: %s%n", scenario.name());
        long started = System.nanoTime();
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode event = gateways.get(0).create("/api/events", adminToken, Map.of(
                    "name", "Faults: " + scenario.name() + " " + i, "holdSeconds", 2, "maxHoldExtensions", 1,
                    "maxTicketsPerUser", MAX_TICKETS_PER_USER,
                    "sections", List.of(Map.of("code", "a", "capacity", 150), Map.of("code", "b", "capacity", 100),
                            Map.of("code", "c", "seating", seating()))));
            events.add(event.get("id").asLong());
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(gateways.get(0).create("/api/users", adminToken, Map.of("name", "faulty-" + i))
                    .get("token").asText());
        }
        var load = new FaultLoad(gateways, events, tokens);
        var sampling = new AtomicBoolean(true);
        var oversold = new AtomicLong();
        Thread sampler = new Thread(() -> sample(events, sampling, oversold), "oversell-sampler");
        sampler.start();

        load.start(12);
        sleep(Duration.ofSeconds(3));
        gateways.get(0).send("PUT", "/api/events/" + events.get(0) + "/sections/a/capacity", adminToken,
                Map.of("capacity", 160), "Prefer", "wait=5");
        scenario.fault().inject(stack);
        long healed = System.nanoTime();
        double recovery = recoverySeconds(events.get(1), tokens.get(0), healed);
        sleep(Duration.ofSeconds(5));
        load.stop();

        List<String> failures = new ArrayList<>();
        List<String> withoutOutcome = withoutOutcome(load, Duration.ofSeconds(30));
        if (!withoutOutcome.isEmpty()) {
            failures.add(withoutOutcome.size() + " accepted requests without an outcome 30 s after recovery, e.g. "
                    + withoutOutcome.get(0));
        }
        List<FaultLoad.Accepted> unsettled = load.unsettled(Duration.ofSeconds(30), 300);
        if (!unsettled.isEmpty()) {
            failures.add(unsettled.size() + " of 300 accepted requests sampled still read pending through the API, "
                    + "e.g. " + unsettled.get(0).requestId());
        }
        waitForHoldsToEnd(events);
        sampling.set(false);
        sampler.join();
        if (oversold.get() > 0) {
            failures.add(oversold.get() + " samples with held + sold above capacity");
        }
        checkDatabase(events, load, failures);
        checkStream(events, failures);
        Map<String, Long> answers = load.answers();
        long otherServerErrors = answers.entrySet().stream()
                .filter(answer -> answer.getKey().startsWith("5") && !answer.getKey().equals("503 unavailable"))
                .mapToLong(Map.Entry::getValue).sum();
        if (otherServerErrors > 0) {
            failures.add(otherServerErrors + " server errors other than 503 unavailable: " + answers);
        }
        return new Outcome(scenario.name(), load.accepted().size(), unsettled.size(),
                answers.getOrDefault("503 unavailable", 0L), answers.getOrDefault("connection failed", 0L),
                otherServerErrors, recovery, (System.nanoTime() - started) / 1e9, failures);
    }

    /** Seconds from the fault's repair to the first reserve that a gateway answers with its outcome. */
    private double recoverySeconds(long eventId, String token, long healed) {
        while (true) {
            for (HoldfastClient gateway : gateways) {
                var answer = gateway.send("POST", "/api/events/" + eventId + "/reservations", token,
                        Map.of("section", "b"), "Prefer", "wait=5");
                if (answer.status() == 201 || answer.status() == 409) {
                    return (System.nanoTime() - healed) / 1e9;
                }
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private void sample(List<Long> events, AtomicBoolean sampling, AtomicLong oversold) {
        while (sampling.get()) {
            for (long eventId : events) {
                for (HoldfastClient gateway : gateways) {
                    var read = gateway.send("GET", "/api/events/" + eventId, null, null);
                    if (read.status() == 200) {
                        for (JsonNode section : read.body().get("sections")) {
                            if (section.get("held").asInt() + section.get("sold").asInt()
                                    > section.get("capacity").asInt()) {
                                oversold.incrementAndGet();
                            }
                        }
                        break;
                    }
                }
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Holds last 2 s (one extension): once none is left, the counters and the stream stop moving. */
    private void waitForHoldsToEnd(List<Long> events) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection db = database()) {
            while (System.nanoTime() < deadline) {
                try (var statement = db.prepareStatement("select coalesce(sum(held), 0) from sections where event_id = any(?)")) {
                    statement.setArray(1, db.createArrayOf("bigint", events.toArray()));
                    try (var rows = statement.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) == 0) {
                            return;
                        }
                    }
                }
                sleep(Duration.ofMillis(500));
            }
        }
    }

    /** The accepted requests that still have no outcome row once {@code within} has passed (or none are left). */
    private List<String> withoutOutcome(FaultLoad load, Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> missing = new ArrayList<>(load.accepted().keySet());
        try (Connection db = database()) {
            while (!missing.isEmpty()) {
                try (var statement = db.prepareStatement("select id::text from requests where id = any(?::uuid[])")) {
                    statement.setArray(1, db.createArrayOf("text", missing.toArray()));
                    try (var rows = statement.executeQuery()) {
                        java.util.Set<String> found = new java.util.HashSet<>();
                        while (rows.next()) {
                            found.add(rows.getString(1));
                        }
                        missing.removeAll(found);
                    }
                }
                if (missing.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                sleep(Duration.ofMillis(500));
            }
        }
        return missing;
    }

    private void checkDatabase(List<Long> events, FaultLoad load, List<String> failures) throws SQLException {
        try (Connection db = database()) {
            var array = db.createArrayOf("bigint", events.toArray());
            try (var statement = db.prepareStatement("""
                    select s.event_id, s.code, s.capacity, s.available, s.held, s.sold,
                           coalesce(sum(r.quantity) filter (where r.status = 'held'), 0),
                           coalesce(sum(r.quantity) filter (where r.status = 'purchased'), 0)
                      from sections s left join reservations r on r.event_id = s.event_id and r.section_code = s.code
                     where s.event_id = any(?)
                     group by s.event_id, s.code, s.capacity, s.available, s.held, s.sold""")) {
                statement.setArray(1, array);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(5) != rows.getInt(7) || rows.getInt(6) != rows.getInt(8)
                                || rows.getInt(4) + rows.getInt(5) + rows.getInt(6) != rows.getInt(3)) {
                            failures.add("event %d section %s: counters held %d sold %d, rows held %d sold %d"
                                    .formatted(rows.getLong(1), rows.getString(2), rows.getInt(5), rows.getInt(6),
                                            rows.getInt(7), rows.getInt(8)));
                        }
                    }
                }
            }
            // reservations have no foreign keys (V7): every one names a section and a user that exist
            try (var statement = db.prepareStatement("""
                    select count(*) from reservations r
                     where r.event_id = any(?)
                       and (not exists (select 1 from sections s where s.event_id = r.event_id and s.code = r.section_code)
                            or not exists (select 1 from users u where u.id = r.user_id))""")) {
                statement.setArray(1, array);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        failures.add(rows.getLong(1) + " reservations name a section or a user that does not exist");
                    }
                }
            }
            // seated section c: no seat in two active reservations, the letters equal the counters, and every
            // active seat is in reservation_seats
            try (var statement = db.prepareStatement("""
                    select (select count(*) from (select r.event_id, seat from reservations r, unnest(r.seats) seat
                                                   where r.event_id = any(?) and r.status in ('held', 'purchased')
                                                   group by 1, 2 having count(*) > 1) doubled),
                           (select count(*) from reservations r, unnest(r.seats) seat
                             where r.event_id = any(?) and r.status in ('held', 'purchased')),
                           (select count(*) from reservation_seats where event_id = any(?))""")) {
                statement.setArray(1, array);
                statement.setArray(2, array);
                statement.setArray(3, array);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0 || rows.getLong(2) != rows.getLong(3)) {
                        failures.add("%d seats in two active reservations; %d active seats, %d rows in "
                                .formatted(rows.getLong(1), rows.getLong(2), rows.getLong(3)) + "reservation_seats");
                    }
                }
            }
            try (var statement = db.prepareStatement("""
                    select s.event_id, s.code, s.available, s.held, s.sold,
                           sum(length(r.statuses) - length(replace(r.statuses, 'A', ''))),
                           sum(length(r.statuses) - length(replace(r.statuses, 'H', ''))),
                           sum(length(r.statuses) - length(replace(r.statuses, 'S', '')))
                      from sections s join seat_rows r on r.event_id = s.event_id and r.section_code = s.code
                     where s.event_id = any(?)
                     group by s.event_id, s.code, s.available, s.held, s.sold""")) {
                statement.setArray(1, array);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(3) != rows.getInt(6) || rows.getInt(4) != rows.getInt(7)
                                || rows.getInt(5) != rows.getInt(8)) {
                            failures.add("event %d section %s: counters %d/%d/%d, seat letters %d/%d/%d".formatted(
                                    rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getInt(4),
                                    rows.getInt(5), rows.getInt(6), rows.getInt(7), rows.getInt(8)));
                        }
                    }
                }
            }
            try (var statement = db.prepareStatement("""
                    select count(*) from (select request_id from reservations where event_id = any(?)
                                           group by request_id having count(*) > 1) doubled""")) {
                statement.setArray(1, array);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        failures.add(rows.getLong(1) + " requests made more than one reservation");
                    }
                }
            }
            try (var statement = db.prepareStatement("select count(*) from requests where id = any(?::uuid[])")) {
                statement.setArray(1, db.createArrayOf("text", load.accepted().keySet().toArray()));
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) != load.accepted().size()) {
                        failures.add("%d accepted requests, %d outcomes written"
                                .formatted(load.accepted().size(), rows.getLong(1)));
                    }
                }
            }
        }
    }

    private void checkStream(List<Long> events, List<String> failures) throws SQLException {
        try (Connection db = database()) {
            for (long eventId : events) {
                long last;
                Map<String, SectionTally.Counters> counters = new LinkedHashMap<>();
                try (var statement = db.prepareStatement("select last_sequence from events where id = ?")) {
                    statement.setLong(1, eventId);
                    try (var rows = statement.executeQuery()) {
                        rows.next();
                        last = rows.getLong(1);
                    }
                }
                try (var statement = db.prepareStatement(
                        "select code, capacity, available, held, sold from sections where event_id = ?")) {
                    statement.setLong(1, eventId);
                    try (var rows = statement.executeQuery()) {
                        while (rows.next()) {
                            counters.put(rows.getString(1), new SectionTally.Counters(rows.getInt(2), rows.getInt(3),
                                    rows.getInt(4), rows.getInt(5)));
                        }
                    }
                }
                StreamCheck.Result stream = StreamCheck.read(kafka, eventId, last, Duration.ofSeconds(60));
                if (!stream.gapless()) {
                    failures.add("event %d: reservation-events not gapless (last %d of %d, %d messages)"
                            .formatted(eventId, stream.lastSequence(), last, stream.messages()));
                }
                // the buyers' rules, from the stream alone: nobody over the limit at any moment, one hold per request
                if (stream.users().highestOfAnyUser() > MAX_TICKETS_PER_USER) {
                    failures.add("event %d: a user held and owned %d tickets at once; the limit is %d"
                            .formatted(eventId, stream.users().highestOfAnyUser(), MAX_TICKETS_PER_USER));
                }
                if (!stream.users().requestsWithTwoReservations().isEmpty()) {
                    failures.add("event %d: requests with two reservations in the stream: %s"
                            .formatted(eventId, stream.users().requestsWithTwoReservations()));
                }
                var seats = new SeatLedger();
                ChangeLog.read(kafka, eventId, last, Duration.ofSeconds(60)).changes().forEach(seats::accept);
                if (!seats.doubleBooked().isEmpty()) {
                    failures.add("event %d: seats given to two reservations at once in the stream: %s"
                            .formatted(eventId, seats.doubleBooked()));
                }
                counters.forEach((code, expected) -> {
                    if (!expected.equals(stream.tally().section(eventId, code))) {
                        failures.add("event %d section %s: stream tally %s, database %s".formatted(eventId, code,
                                stream.tally().section(eventId, code), expected));
                    }
                });
            }
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(databaseUrl, databaseUser, databasePassword);
    }

    private static void print(List<Outcome> outcomes) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-46s %9s %9s %8s %9s %9s %10s %8s  %s%n", "scenario", "accepted", "unsettled",
                "503s", "conn.err", "other 5xx", "recovery", "took", "result");
        for (Outcome outcome : outcomes) {
            System.out.printf(Locale.ROOT, "%-46s %9d %9d %8d %9d %9d %9.1fs %7.0fs  %s%n", outcome.scenario(),
                    outcome.accepted(), outcome.unsettled(), outcome.unavailable(), outcome.connectionFailures(),
                    outcome.otherServerErrors(), outcome.recoverySeconds(), outcome.seconds(),
                    outcome.failures().isEmpty() ? "PASS" : "FAIL");
            outcome.failures().forEach(failure -> System.out.println("    " + failure));
        }
    }

    private static void sleep(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
