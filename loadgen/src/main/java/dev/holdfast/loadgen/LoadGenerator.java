package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.consumer.SectionTally;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The flash-sale load generator: {@code ./holdfast loadgen --help}, or run by {@code ./holdfast demo}. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        resourceBundle = "holdfast-build", version = "holdfast loadgen ${bundle:holdfast.version}",
        description = {"Creates an event and its buyers, runs a flash sale over HTTP against any Holdfast deployment, "
                + "and checks the invariants of the API and of reservation-events."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every invariant held", "1:an invariant failed",
                "2:a wrong command line, or the system could not be reached or refused the admin token"})
public final class LoadGenerator implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the gateway (${DEFAULT-VALUE})")
    String url;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:HOLDFAST_ADMIN_TOKEN}",
            description = "the admin token (default: HOLDFAST_ADMIN_TOKEN)")
    String adminToken;

    @Option(names = "--event-name", paramLabel = "TEXT",
            description = "the name of the event created for the sale (default: Flash sale and the time)")
    String eventName;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000",
            description = "buyers; each gets a user and token (${DEFAULT-VALUE})")
    int users;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200",
            description = "HTTP connections in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--capacity", paramLabel = "N", defaultValue = "1000",
            description = "tickets, split evenly over the sections (${DEFAULT-VALUE})")
    int capacity;

    @Option(names = "--sections", paramLabel = "N", defaultValue = "1", description = "sections of the event (${DEFAULT-VALUE})")
    int sections;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "20000",
            description = "reserve requests to send (${DEFAULT-VALUE}) ...")
    int requests;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "... or send for this long instead")
    Integer durationSeconds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "reserve requests per second to aim at; 0 sends as fast as answers come (${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--hold-seconds", paramLabel = "N", defaultValue = "10",
            description = "the event's hold time (${DEFAULT-VALUE})")
    int holdSeconds;

    @Option(names = "--purchase-share", paramLabel = "F", defaultValue = "0.5",
            description = "share of holds that are bought (${DEFAULT-VALUE})")
    double purchaseShare;

    @Option(names = "--cancel-share", paramLabel = "F", defaultValue = "0.2",
            description = "share of holds that are cancelled; the rest expire (${DEFAULT-VALUE})")
    double cancelShare;

    @Option(names = "--waitlist-share", paramLabel = "F", defaultValue = "0",
            description = "share of buyers answered sold_out who join the section's waiting list (${DEFAULT-VALUE})")
    double waitlistShare;

    @Option(names = "--wait", paramLabel = "N", defaultValue = "10",
            description = "Prefer: wait=N on every command (${DEFAULT-VALUE})")
    int waitSeconds;

    @Option(names = "--kafka", paramLabel = "SERVERS", defaultValue = "${env:HOLDFAST_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "bootstrap servers to check reservation-events; 'none' skips it (${DEFAULT-VALUE})")
    String kafka;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--no-progress", negatable = false,
            description = "no progress while the sale runs (default: a bar on a terminal, a line every 5 s elsewhere)")
    boolean noProgress;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator())
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    line.getErr().println("loadgen: " + failure.getMessage());
                    return 2;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Options options;
        try {
            String name = eventName == null ? "Flash sale " + Instant.now() : eventName;
            options = new Options(url, adminToken, name, users, concurrency, capacity, sections, requests,
                    durationSeconds == null ? null : Duration.ofSeconds(durationSeconds), rate, holdSeconds,
                    purchaseShare, cancelShare, waitlistShare, waitSeconds, kafka, json, Progress.choose(!noProgress));
        } catch (IllegalArgumentException wrong) {
            throw new ParameterException(spec.commandLine(), wrong.getMessage());
        }
        FlashSale.Result sale = new FlashSale(options, System.err).run();
        StreamCheck.Result stream = null;
        String skipped = null;
        if (!options.checksStream()) {
            skipped = "--kafka none";
        } else {
            try {
                stream = StreamCheck.readSettled(options.kafka(), sale.eventId(), countersOf(sale.finalEvent()),
                        Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                skipped = "cannot read reservation-events from " + options.kafka() + ": " + e.getMessage();
            }
        }
        Report report = new Report(sale, stream, skipped);
        if (options.json()) {
            report.printJson(System.out);
        } else {
            report.print(System.out);
        }
        return report.passed() ? 0 : 1;
    }

    /**
     * The event's counters once the sale settled, section by section: what reservation-events must add up to. Not the
     * answers the buyers got: a command answered 503, or whose answer was lost, may still have been applied.
     */
    private static Map<String, SectionTally.Counters> countersOf(JsonNode event) {
        Map<String, SectionTally.Counters> sections = new LinkedHashMap<>();
        for (JsonNode section : event.get("sections")) {
            sections.put(section.get("code").asText(), new SectionTally.Counters(section.get("capacity").asInt(),
                    section.get("available").asInt(), section.get("held").asInt(), section.get("sold").asInt()));
        }
        return sections;
    }
}
