package dev.holdfast.tools;

import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.worker.ReservationWorkerApplication;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.concurrent.Callable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the reservation worker alone: loads reserve commands for one hot event into a topic of their own, then
 * starts the real worker on it and times how fast it applies them, once with the configured batch size and once
 * with one command per transaction (the classic row-lock design), in the same run.
 *
 * <p>Run with {@code ./holdfast bench-worker} ({@code --help} lists the options). It uses its own database,
 * {@code holdfast_bench} on the server of {@code HOLDFAST_DB_URL}, dropped and created anew on each run.
 */
public final class WorkerBenchmark {

    @Command(name = "bench-worker", mixinStandardHelpOptions = true, sortOptions = false,
            resourceBundle = "holdfast-build", version = "holdfast bench-worker ${bundle:holdfast.version}",
            description = {"The reservation worker alone: reserve commands for one hot event, applied batched and "
                    + "one per transaction (the classic row-lock design) in the same run.",
                    "Uses its own database, holdfast_bench, on the server of HOLDFAST_DB_URL (dropped and created anew)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the benchmark ran", "1:it failed (see the message)", "2:a wrong command line"})
    static final class Options implements Callable<Integer> {

        @Option(names = "--commands", paramLabel = "N", defaultValue = "200000",
                description = "commands of the batched run (${DEFAULT-VALUE})")
        int commands;

        @Option(names = "--single-commands", paramLabel = "N", defaultValue = "10000",
                description = "commands of the one-per-transaction run, which is slow (${DEFAULT-VALUE})")
        int singleCommands;

        @Option(names = "--capacity", paramLabel = "N", defaultValue = "100000",
                description = "tickets; with the defaults half the commands get a hold and half are sold out "
                        + "(${DEFAULT-VALUE})")
        int capacity;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
                description = "commands per transaction of the batched run, the worker's default (${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--seated", description = "also run best-available reserves of 1..4 seats on a seated section "
                + "of 200 rows of 200 seats (40,000), batched like the general-admission run: allocations per second "
                + "beside general admission's")
        boolean seated;

        @Option(names = "--seated-commands", paramLabel = "N", defaultValue = "20000",
                description = "reserves of the seated run; 20,000 ask for about 50,000 seats, so the hall sells out "
                        + "near the end (${DEFAULT-VALUE})")
        int seatedCommands;

        @Override
        public Integer call() throws Exception {
            if (Math.min(Math.min(commands, singleCommands), Math.min(capacity, batchSize)) < 1) {
                throw new ParameterException(new CommandLine(this), "every option takes a number of at least 1");
            }
            run(this);
            return 0;
        }
    }

    /** The section the seated run reserves in: 200 rows of 200 seats with an aisle after seat 100. */
    private static final int SEATED_SECTION = -1;

    private record Result(String mode, long eventId, int batchSize, int commands, double seconds) {
        double perSecond() {
            return commands / seconds;
        }
    }

    private final String kafka;
    private final DatabaseUrl database;
    private final List<Long> users = new ArrayList<>();

    private WorkerBenchmark(String kafka, DatabaseUrl database) {
        this.kafka = kafka;
        this.database = database;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Options())
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    line.getErr().println("bench-worker: " + failure);
                    return 1;
                })
                .execute(args));
    }

    private static void run(Options options) throws Exception {
        String kafka = Settings.get("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        DatabaseUrl database = DatabaseUrl.fromEnvironment().withDatabase("holdfast_bench");
        database.drop();
        database.createIfMissing();
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();

        var benchmark = new WorkerBenchmark(kafka, database);
        benchmark.createUsers(1000);
        int capacity = options.capacity;
        Result batched = benchmark.run("batched", options.batchSize, options.commands, capacity);
        Result single = benchmark.run("one per transaction", 1, options.singleCommands, capacity);
        Result seated = options.seated
                ? benchmark.run("seated, batched", options.batchSize, options.seatedCommands, SEATED_SECTION) : null;

        System.out.println();
        System.out.println("Holdfast worker benchmark: one hot event, capacity " + capacity + ", reserve commands");
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s %14s%n", "mode", "batch", "commands", "seconds",
                "applied/s");
        for (Result result : seated == null ? List.of(batched, single) : List.of(batched, single, seated)) {
            System.out.printf(Locale.ROOT, "%-22s %10d %10d %10.2f %14.0f%n", result.mode(), result.batchSize(),
                    result.commands(), result.seconds(), result.perSecond());
        }
        System.out.printf(Locale.ROOT, "speed-up of batching: %.1fx%n", batched.perSecond() / single.perSecond());
        if (seated != null) {
            System.out.printf(Locale.ROOT, "seated (40,000 seats, best available of 1..4): %d holds of %d reserves; "
                            + "%.0f%% of general admission's rate, %.1f µs of worker time per reserve%n",
                    benchmark.holds(seated.eventId()), seated.commands(), 100 * seated.perSecond() / batched.perSecond(),
                    1e6 / seated.perSecond());
        }
        int holds = (int) Math.round(options.batchSize * Math.min(1.0, (double) capacity / options.commands));
        OptionalDouble ceiling = benchmark.sqlCeiling(options.batchSize, holds);
        if (ceiling.isPresent()) {
            System.out.printf(Locale.ROOT, "batched-SQL ceiling (pgbench, the worker's SQL for a batch of %d with %d "
                    + "held, 10 s): %.0f commands/s; the batched worker reached %.0f%% of it%n", options.batchSize,
                    holds, ceiling.getAsDouble(), 100 * batched.perSecond() / ceiling.getAsDouble());
        }
        System.exit(0);
    }

    /** @param capacity the tickets of a general-admission section, or {@link #SEATED_SECTION} */
    private Result run(String mode, int batchSize, int commands, int capacity) throws Exception {
        long eventId = capacity == SEATED_SECTION ? createSeatedEvent() : createEvent(capacity);
        String topic = "bench-commands-" + eventId + "-" + System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "[%s] loading %d reserve commands for event %d into %s%n", mode, commands,
                eventId, topic);
        load(topic, eventId, commands, capacity == SEATED_SECTION);

        System.out.printf(Locale.ROOT, "[%s] starting the worker with batch size %d%n", mode, batchSize);
        ConfigurableApplicationContext worker = ReservationWorkerApplication.application().run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.kafka.consumer.max-poll-records=" + batchSize,
                "--spring.kafka.listener.concurrency=1",
                "--holdfast.topics.commands=" + topic,
                // its reservation changes must not mix with those of the real system on the same broker
                "--holdfast.topics.events=" + topic.replace("commands", "events"),
                "--holdfast.worker.group-id=" + topic,
                "--holdfast.topics.command-partitions=1",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        try {
            // the worker's own counter: polling the database would take CPU from the worker being measured
            var applied = worker.getBean(MeterRegistry.class).get("holdfast.worker.commands.applied").counter();
            long lastReport = System.nanoTime();
            while (applied.count() < commands) {
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    System.out.printf(Locale.ROOT, "[%s] %.0f of %d applied%n", mode, applied.count(), commands);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(50);
            }
            if (appliedCount(eventId) != commands) {
                throw new IllegalStateException("the worker counted " + applied.count() + " but the database has "
                        + appliedCount(eventId) + " outcomes");
            }
        } finally {
            worker.close();
        }
        return new Result(mode, eventId, batchSize, commands, applySeconds(eventId));
    }

    /**
     * The batched-SQL ceiling: {@code bench/worker-batch.sql} (the statements the worker runs for a batch of reserves)
     * with pgbench on one connection for 10 s, in commands per second; empty, with the reason printed, when pgbench
     * cannot run.
     */
    private OptionalDouble sqlCeiling(int batch, int holds) throws Exception {
        Path script = Files.createTempFile("holdfast-worker-batch", ".sql");
        try (InputStream sql = WorkerBenchmark.class.getResourceAsStream("/bench/worker-batch.sql")) {
            Files.copy(Objects.requireNonNull(sql, "bench/worker-batch.sql"), script, StandardCopyOption.REPLACE_EXISTING);
        }
        long eventId = createEvent(10_000_000);
        boolean consecutive = users.get(users.size() - 1) - users.get(0) + 1 == users.size();
        URI server = URI.create(database.url().substring("jdbc:".length()));
        var pgbench = new ProcessBuilder("pgbench", "-n", "-c", "1", "-T", "10", "-f", script.toString(),
                "-D", "event=" + eventId, "-D", "batch=" + batch, "-D", "holds=" + holds,
                "-D", "first_user=" + users.get(0), "-D", "users=" + (consecutive ? users.size() : 1),
                "-h", server.getHost(), "-p", Integer.toString(server.getPort() < 0 ? 5432 : server.getPort()),
                "-U", database.user(), database.database()).redirectErrorStream(true);
        pgbench.environment().put("PGPASSWORD", database.password());
        System.out.printf(Locale.ROOT, "[batched-SQL ceiling] pgbench, batch %d, 10 s%n", batch);
        String output;
        try {
            Process process = pgbench.start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                System.out.println("pgbench failed; no batched-SQL ceiling:\n" + output);
                return OptionalDouble.empty();
            }
        } catch (IOException missing) {
            System.out.println("pgbench is missing (apt-get install postgresql-client); no batched-SQL ceiling");
            return OptionalDouble.empty();
        } finally {
            Files.deleteIfExists(script);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!tps.find()) {
            System.out.println("pgbench printed no tps; no batched-SQL ceiling:\n" + output);
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(tps.group(1)) * batch);
    }

    private void createUsers(int count) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into users (name) select 'bench-' || g from generate_series(1, ?) g returning id")) {
            insert.setInt(1, count);
            try (ResultSet ids = insert.executeQuery()) {
                while (ids.next()) {
                    users.add(ids.getLong(1));
                }
            }
        }
    }

    private long createEvent(int capacity) throws SQLException {
        try (Connection connection = database.connect()) {
            long eventId;
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into events (name, hold_seconds) values ('Worker benchmark', 3600) returning id")) {
                ResultSet id = insert.executeQuery();
                id.next();
                eventId = id.getLong(1);
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into sections (event_id, code, name, position, capacity, available, held, sold)
                    values (?, 'general', 'General', 0, ?, ?, 0, 0)""")) {
                insert.setLong(1, eventId);
                insert.setInt(2, capacity);
                insert.setInt(3, capacity);
                insert.executeUpdate();
            }
            return eventId;
        }
    }

    private long createSeatedEvent() throws SQLException {
        long eventId = createEvent(0);
        try (Connection connection = database.connect()) {
            try (PreparedStatement section = connection.prepareStatement("""
                    update sections set code = 'stalls', seated = true, capacity = 40000, available = 40000
                     where event_id = ?""")) {
                section.setLong(1, eventId);
                section.executeUpdate();
            }
            try (PreparedStatement rows = connection.prepareStatement("""
                    insert into seat_rows (event_id, section_code, row_index, label, aisle_after, statuses, accessible)
                    select ?, 'stalls', g, 'R' || (g + 1), '{100}', repeat('A', 200), repeat('.', 200)
                      from generate_series(0, 199) g""")) {
                rows.setLong(1, eventId);
                rows.executeUpdate();
            }
        }
        return eventId;
    }

    private long holds(long eventId) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) from reservations where event_id = ?")) {
            count.setLong(1, eventId);
            ResultSet result = count.executeQuery();
            result.next();
            return result.getLong(1);
        }
    }

    private void load(String topic, long eventId, int commands, boolean seated) throws Exception {
        try (var admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        String key = Long.toString(eventId);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < commands; i++) {
                var command = seated
                        ? new ReserveCommand(UUID.randomUUID(), eventId, users.get(i % users.size()), "stalls",
                                1 + i % 4, now)
                        : new ReserveCommand(UUID.randomUUID(), eventId, users.get(i % users.size()), "general", 1, now);
                producer.send(new ProducerRecord<>(topic, key, CommandCodec.encode(command)));
            }
            producer.flush();
        }
    }

    private long appliedCount(long eventId) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement count = connection.prepareStatement("select count(*) from requests where event_id = ?")) {
            count.setLong(1, eventId);
            ResultSet result = count.executeQuery();
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * From the start of the first transaction to the end of the last, by the database clock: {@code completed_at} is
     * each batch's transaction time, and the last batch's own duration is added from the worker's view of it.
     */
    private double applySeconds(long eventId) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement span = connection.prepareStatement("""
                     select extract(epoch from max(completed_at) - min(completed_at)),
                            count(distinct completed_at)
                       from requests where event_id = ?""")) {
            span.setLong(1, eventId);
            ResultSet result = span.executeQuery();
            result.next();
            double seconds = result.getDouble(1);
            long transactions = result.getLong(2);
            // n transactions start at n distinct times; the span covers n - 1 of them, so scale to n
            return transactions > 1 ? seconds * transactions / (transactions - 1) : Math.max(seconds, 1e-3);
        }
    }
}
