package dev.holdfast.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of the load generator; {@code --help} prints it. */
record Options(String url, String adminToken, int users, int concurrency, int capacity, int sections, int requests,
               Duration duration, int rate, int holdSeconds, double purchaseShare, double cancelShare,
               double waitlistShare, int waitSeconds, String kafka, boolean json, boolean progress) {

    static final String USAGE = """
            Holdfast load generator: creates an event and its users, runs a flash sale over HTTP, and checks the
            invariants from the API and from reservation-events. Exits non-zero when an invariant fails.

              --url URL              the gateway (http://127.0.0.1:8080)
              --admin-token TOKEN    the admin token (HOLDFAST_ADMIN_TOKEN)
              --users N              buyers; each gets a user and token (1000)
              --concurrency N        HTTP connections in flight (200)
              --capacity N           tickets, split evenly over the sections (1000)
              --sections N           sections of the event (1)
              --requests N           reserve requests to send (20000) ...
              --duration SECONDS     ... or send for this long instead
              --rate N               reserve requests per second to aim at; 0 sends as fast as answers come (0)
              --hold-seconds N       the event's hold time (10)
              --purchase-share F     share of holds that are bought (0.5)
              --cancel-share F       share of holds that are cancelled; the rest expire (0.2)
              --waitlist-share F     share of buyers answered sold_out who join the section's waiting list (0)
              --wait N               Prefer: wait=N on every command (10)
              --kafka SERVERS        bootstrap servers to check reservation-events; 'none' skips it
                                     (HOLDFAST_KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
              --json                 print the report as JSON
              --no-progress          no live progress bar
            """;

    static Options parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            if (arg.equals("--json") || arg.equals("--no-progress")) {
                flags.add(arg);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else {
                throw new UsageException("unexpected argument " + arg);
            }
        }
        var options = new Options(
                values.getOrDefault("url", "http://127.0.0.1:8080").replaceAll("/+$", ""),
                values.getOrDefault("admin-token", System.getenv().getOrDefault("HOLDFAST_ADMIN_TOKEN", "")),
                integer(values, "users", 1000, 1),
                integer(values, "concurrency", 200, 1),
                integer(values, "capacity", 1000, 1),
                integer(values, "sections", 1, 1),
                integer(values, "requests", 20_000, 1),
                values.containsKey("duration") ? Duration.ofSeconds(integer(values, "duration", 0, 1)) : null,
                integer(values, "rate", 0, 0),
                integer(values, "hold-seconds", 10, 1),
                fraction(values, "purchase-share", 0.5),
                fraction(values, "cancel-share", 0.2),
                fraction(values, "waitlist-share", 0),
                integer(values, "wait", 10, 0),
                values.getOrDefault("kafka", System.getenv().getOrDefault("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:9092")),
                flags.contains("--json"),
                !flags.contains("--no-progress"));
        values.keySet().removeAll(List.of("url", "admin-token", "users", "concurrency", "capacity", "sections",
                "requests", "duration", "rate", "hold-seconds", "purchase-share", "cancel-share", "waitlist-share", "wait",
                "kafka"));
        if (!values.isEmpty()) {
            throw new UsageException("unknown option --" + values.keySet().iterator().next());
        }
        if (options.adminToken().isBlank()) {
            throw new UsageException("give --admin-token or set HOLDFAST_ADMIN_TOKEN");
        }
        if (options.purchaseShare() + options.cancelShare() > 1) {
            throw new UsageException("--purchase-share plus --cancel-share must not exceed 1");
        }
        if (options.capacity() < options.sections()) {
            throw new UsageException("--capacity must be at least --sections");
        }
        return options;
    }

    boolean checksStream() {
        return !kafka.equalsIgnoreCase("none");
    }

    private static int integer(Map<String, String> values, String name, int fallback, int min) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                throw new UsageException("--" + name + " must be at least " + min);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not '" + value + "'");
        }
    }

    private static double fraction(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed < 0 || parsed > 1) {
                throw new UsageException("--" + name + " must be between 0 and 1");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number between 0 and 1, not '" + value + "'");
        }
    }

    /** A command line that cannot be run; the message says why, and the usage follows. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
