package dev.holdfast.worker.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Not a test: times best available on the largest section the contract allows (200 rows of 200 seats, aisles after
 * seats 50 and 150, wheelchair places at the ends of every tenth row), filled by a flash-sale-like sequence of reserves
 * of 1..6 seats until nothing is left. Most reserves want adjacent seats; one refused {@code no_adjacent_seats} comes
 * back without; a few are accessible; some holds are released (expired) and the rest sold. Each allocation is timed
 * from best available to its hold. The first fills warm the JIT; the last is reported.
 *
 * <pre>java -cp reservation-worker/target/classes:reservation-worker/target/test-classes:shared-contracts/target/classes \
 *     dev.holdfast.worker.inventory.SeatAllocatorSpeed [fills] [seed]</pre>
 */
public final class SeatAllocatorSpeed {

    private SeatAllocatorSpeed() {
    }

    public static void main(String[] args) {
        int fills = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2026;
        for (int fill = 1; fill <= fills; fill++) {
            Result result = fill(new Random(seed + fill));
            System.out.printf("fill %d/%d%s: %s%n", fill, fills, fill < fills ? " (warm-up)" : "", result);
        }
        // Every run one seat longer than the block: no block avoids an orphan, so every row's runs are read.
        worstCase("every block leaves an orphan (3 seats, runs of 4 in all 200 rows)",
                section(r -> "AAAAS".repeat(40)), 3);
        // No run of 100; the one row holding 100 is the back one, so the split reads every row.
        worstCase("best split of 100 over every row (99 free seats in front, 100 at the back)",
                section(r -> r < SeatMap.MAX_ROWS - 1 ? "S" + "A".repeat(99) + "S".repeat(100)
                        : "A".repeat(100) + "S".repeat(100)), 100);
    }

    private static void worstCase(String name, SeatMap map, int quantity) {
        long[] nanos = new long[50];
        SeatChoice choice = null;
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            choice = map.bestAvailable(quantity, false, false);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("worst case, %s: median %.1f µs, max %.1f µs of %d calls; chose %s%n", name,
                nanos[nanos.length / 2] / 1e3, nanos[nanos.length - 1] / 1e3, nanos.length,
                choice instanceof SeatChoice.Chosen chosen ? chosen.seats().size() + " seats from "
                        + chosen.seats().get(0) : choice);
    }

    /** 200 rows of 200 ordinary seats, aisles after 50 and 150. */
    private static SeatMap section(IntFunction<String> statuses) {
        List<SeatRow> rows = new ArrayList<>();
        for (SeatRow row : largestSection()) {
            rows.add(new SeatRow(row.index(), row.label(), statuses.apply(row.index()),
                    ".".repeat(SeatMap.MAX_SEATS_PER_ROW), row.aisleAfter()));
        }
        return new SeatMap("stalls", rows);
    }

    private record Result(long[] blockNanos, long[] splitNanos, int refused, long wallNanos) {
        @Override
        public String toString() {
            return String.format("%d allocations in %.0f ms: %s; %d best splits: %s; %d refused sold out",
                    blockNanos.length + splitNanos.length, wallNanos / 1e6, stats(blockNanos),
                    splitNanos.length, stats(splitNanos), refused);
        }
    }

    private static String stats(long[] nanos) {
        if (nanos.length == 0) {
            return "none";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e3;
        double max = sorted[sorted.length - 1] / 1e3;
        double total = Arrays.stream(sorted).sum();
        return String.format("mean %.1f µs, p99 %.1f µs, max %.1f µs, %.0f allocations/s", mean, p99, max,
                sorted.length / (total / 1e9));
    }

    static List<SeatRow> largestSection() {
        List<SeatRow> rows = new ArrayList<>();
        for (int r = 0; r < SeatMap.MAX_ROWS; r++) {
            String label = r < 26 ? String.valueOf((char) ('A' + r)) : "R" + r;
            char[] accessible = ".".repeat(SeatMap.MAX_SEATS_PER_ROW).toCharArray();
            if (r % 10 == 9) {
                accessible[0] = accessible[1] = accessible[198] = accessible[199] = 'w';
            }
            rows.add(new SeatRow(r, label, "A".repeat(SeatMap.MAX_SEATS_PER_ROW), new String(accessible),
                    List.of(50, 150)));
        }
        return rows;
    }

    private static Result fill(Random random) {
        SeatMap map = new SeatMap("stalls", largestSection());
        List<Long> blockNanos = new ArrayList<>();
        List<Long> splitNanos = new ArrayList<>();
        List<List<String>> held = new ArrayList<>();
        int refused = 0;
        long wallStart = System.nanoTime();
        while (map.available() > 0) {
            int quantity = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 4);
            boolean accessible = random.nextInt(50) == 0;
            long start = System.nanoTime();
            SeatChoice choice = map.bestAvailable(quantity, true, accessible);
            boolean split = false;
            if (choice instanceof SeatChoice.NoAdjacent) {
                choice = map.bestAvailable(quantity, false, accessible);
                split = true;
            }
            if (choice instanceof SeatChoice.Chosen chosen) {
                map.hold(chosen.seats());
                long nanos = System.nanoTime() - start;
                (split ? splitNanos : blockNanos).add(nanos);
                held.add(chosen.seats());
            } else {
                refused++;
            }
            if (held.size() > 50) {
                List<String> oldest = held.remove(random.nextInt(10));
                if (random.nextInt(10) == 0) {
                    map.release(oldest);
                } else {
                    map.sell(oldest);
                }
            }
        }
        long wall = System.nanoTime() - wallStart;
        return new Result(blockNanos.stream().mapToLong(Long::longValue).toArray(),
                splitNanos.stream().mapToLong(Long::longValue).toArray(), refused, wall);
    }
}
