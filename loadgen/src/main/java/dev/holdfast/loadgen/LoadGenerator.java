package dev.holdfast.loadgen;

import java.time.Duration;

/**
 * The flash-sale load generator: {@code ./holdfast loadgen --help}, or run by {@code ./holdfast demo}. Exit status:
 * 0 when every invariant held, 1 when one failed, 2 for a wrong command line or a system that could not be reached.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException usage) {
            if (usage.getMessage() != null) {
                System.err.println("loadgen: " + usage.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(usage.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            FlashSale.Result sale = new FlashSale(options, System.err).run();
            StreamCheck.Result stream = null;
            String skipped = null;
            if (!options.checksStream()) {
                skipped = "--kafka none";
            } else {
                try {
                    stream = StreamCheck.read(options.kafka(), sale.eventId(), changesOf(sale), Duration.ofSeconds(60));
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
            System.exit(report.passed() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * How many changes the stream must hold for the event once the sale settled: each hold is two, its start
     * ({@code reservation_held}) and its end (purchased, cancelled or expired).
     */
    private static long changesOf(FlashSale.Result sale) {
        return 2 * sale.outcomes().getOrDefault("reserve held", 0L);
    }
}
