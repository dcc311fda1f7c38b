package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.SeatIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random seat maps (rows, lengths, aisles, blocked and wheelchair places, seats already held or sold) and random
 * histories of best-available reserves (1..6 seats, adjacent or not, accessible or not), picks, releases and sales,
 * applied to {@link SeatMap} and checked after every step against the contract's rules written plainly here: every
 * block of every row enumerated and ranked, and for splits every subset of the free seats (when there are few enough
 * to enumerate). The chosen seats must be exactly the brute force's (its ordering is total), never leave an orphan
 * when an orphan-free block existed, and the counters must always equal the characters.
 *
 * <p>Seeds are fixed so CI is repeatable; {@code -Dholdfast.seats.model.seed=N} replays one history,
 * {@code -Dholdfast.seats.model.histories=N} runs more, {@code -Dholdfast.seats.model.random=true} draws new seeds. A
 * failure names its seed.
 */
class SeatAllocatorModelTest {

    private static final int HISTORIES = Integer.getInteger("holdfast.seats.model.histories", 400);
    private static final int STEPS_PER_HISTORY = 60;
    /** Splits are checked against every subset of the free seats when there are at most this many subsets. */
    private static final long MOST_SUBSETS = 20_000;

    private final Map<String, Integer> covered = new TreeMap<>();

    @Test
    void randomHistoriesChooseWhatTheBruteForceChoosesAndKeepTheCounters() {
        Long only = Long.getLong("holdfast.seats.model.seed");
        long base = Boolean.getBoolean("holdfast.seats.model.random") ? new Random().nextLong() : 20_261_201L;
        List<Long> seeds = new ArrayList<>();
        if (only != null) {
            seeds.add(only);
        } else {
            for (int i = 0; i < HISTORIES; i++) {
                seeds.add(base + i);
            }
        }
        for (long seed : seeds) {
            try {
                runHistory(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("history with seed " + seed + " failed (-Dholdfast.seats.model.seed="
                        + seed + " replays it): " + e.getMessage(), e);
            }
        }
        System.out.println("SeatAllocatorModelTest: " + seeds.size() + " histories, " + covered);
        if (only == null) {
            assertThat(covered.getOrDefault("block without orphan", 0)).isGreaterThan(100);
            assertThat(covered.getOrDefault("block with one orphan", 0)).isGreaterThan(20);
            assertThat(covered.getOrDefault("orphan avoided in a later row", 0)).isGreaterThan(5);
            assertThat(covered.getOrDefault("accessible block", 0)).isGreaterThan(20);
            assertThat(covered.getOrDefault("split checked against every subset", 0)).isGreaterThan(50);
            assertThat(covered.getOrDefault("split over rows", 0)).isGreaterThan(5);
            assertThat(covered.getOrDefault("no adjacent", 0)).isGreaterThan(20);
            assertThat(covered.getOrDefault("sold out", 0)).isGreaterThan(20);
            assertThat(covered.getOrDefault("pick taken", 0)).isGreaterThan(20);
            assertThat(covered.getOrDefault("allocation", 0)).isGreaterThan(3_000);
        }
    }

    private void cover(String what) {
        covered.merge(what, 1, Integer::sum);
    }

    private void runHistory(long seed) {
        Random random = new Random(seed);
        List<SeatRow> initial = randomRows(random);
        SeatMap map = new SeatMap("stalls", initial);
        List<String> stored = statusesOf(initial);
        List<List<String>> holds = new ArrayList<>();
        assertCountersMatch(map);
        for (int step = 0; step < STEPS_PER_HISTORY; step++) {
            int action = random.nextInt(100);
            if (action < 55) {
                reserveBestAvailable(map, random, holds);
            } else if (action < 70) {
                pick(map, random, holds);
            } else if (action < 82 && !holds.isEmpty()) {
                List<String> hold = holds.remove(random.nextInt(holds.size()));
                map.release(hold);
            } else if (action < 92 && !holds.isEmpty()) {
                List<String> hold = holds.remove(random.nextInt(holds.size()));
                map.sell(hold);
            } else if (action < 96) {
                refuseAWrongTransition(map, random);
            } else {
                stored = checkCopiesAndStoredRows(map, random, stored);
            }
            assertCountersMatch(map);
            assertThat(statusesOf(map.changedRows()))
                    .as("changed rows")
                    .isEqualTo(changedSince(stored, map.rows()));
        }
    }

    private void reserveBestAvailable(SeatMap map, Random random, List<List<String>> holds) {
        int quantity = 1 + random.nextInt(6);
        boolean adjacent = random.nextInt(10) < 7;
        boolean accessible = random.nextInt(6) == 0;
        List<SeatRow> rows = map.rows();
        SeatChoice choice = map.bestAvailable(quantity, adjacent, accessible);
        assertThat(map.rows()).as("best available changes nothing").isEqualTo(rows);
        String query = quantity + " seats, adjacent " + adjacent + ", accessible " + accessible + " in " + rows;

        int free = eligibleFree(rows, accessible);
        List<Block> blocks = everyBlock(rows, quantity, accessible);
        if (free < quantity) {
            assertThat(choice).as(query).isEqualTo(new SeatChoice.SoldOut(free));
            cover("sold out");
            return;
        }
        if (blocks.isEmpty() && adjacent) {
            assertThat(choice).as(query).isEqualTo(new SeatChoice.NoAdjacent(free));
            cover("no adjacent");
            return;
        }
        assertThat(choice).as(query).isInstanceOf(SeatChoice.Chosen.class);
        List<String> seats = ((SeatChoice.Chosen) choice).seats();
        assertThat(seats).as(query).hasSize(quantity).doesNotHaveDuplicates();
        for (String seat : seats) {
            assertThat(map.status(seat)).as(query + ": " + seat).isEqualTo('A');
            assertThat(map.isAccessible(seat)).as(query + ": " + seat).isEqualTo(accessible);
        }
        assertThat(seats).as("row and seat order").isSortedAccordingTo(seatOrder(rows));
        if (!blocks.isEmpty()) {
            Block best = blocks.stream().min(Comparator.naturalOrder()).orElseThrow();
            Block chosen = blocks.stream().filter(block -> block.ids(rows).equals(seats)).findFirst()
                    .orElseThrow(() -> new AssertionError(query + ": " + seats + " is not a block"));
            assertThat(chosen.key()).as(query + ": ordering key (orphans, row, doubled distance, first)")
                    .isEqualTo(best.key());
            assertThat(seats).as(query).isEqualTo(best.ids(rows));
            if (blocks.stream().anyMatch(block -> block.orphans == 0)) {
                assertThat(chosen.orphans).as(query + ": an orphan-free block existed").isZero();
                if (blocks.stream().anyMatch(block -> block.orphans > 0 && block.row < chosen.row)) {
                    cover("orphan avoided in a later row");
                }
                cover("block without orphan");
            } else {
                cover("block with one orphan");
            }
            if (accessible) {
                cover("accessible block");
            }
        } else {
            List<String> best = bruteSplit(rows, quantity, accessible);
            if (best != null) {
                assertThat(splitKey(rows, seats)).as(query + ": ordering key (rows, blocks, back-most row, distance)")
                        .isEqualTo(splitKey(rows, best));
                assertThat(seats).as(query + ": lowest ids").isEqualTo(best);
                cover("split checked against every subset");
                if (splitKey(rows, seats)[0] > 1) {
                    cover("split over rows");
                }
            } else {
                cover("split too large to enumerate");
            }
        }
        map.hold(seats);
        holds.add(seats);
        cover("allocation");
    }

    private void pick(SeatMap map, Random random, List<List<String>> holds) {
        List<SeatRow> rows = map.rows();
        List<String> picked = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                picked.add("ZZ9-" + (1 + random.nextInt(3)));
            } else if (kind == 1) {
                SeatRow row = rows.get(random.nextInt(rows.size()));
                picked.add(row.label() + "-" + (row.seats() + 1 + random.nextInt(2)));
            } else if (kind == 2 && !picked.isEmpty()) {
                picked.add(picked.get(random.nextInt(picked.size())));
            } else {
                SeatRow row = rows.get(random.nextInt(rows.size()));
                picked.add(SeatIds.of(row.label(), 1 + random.nextInt(row.seats())));
            }
        }
        List<String> expected = bruteUnavailable(rows, picked);
        assertThat(map.unavailable(picked)).as("unavailable " + picked + " in " + rows).isEqualTo(expected);
        assertThat(map.rows()).as("unavailable changes nothing").isEqualTo(rows);
        if (expected.isEmpty()) {
            List<String> seats = new ArrayList<>(new LinkedHashSet<>(picked));
            map.hold(seats);
            holds.add(seats);
            cover("pick held");
        } else {
            cover("pick taken");
        }
    }

    private void refuseAWrongTransition(SeatMap map, Random random) {
        List<SeatRow> rows = map.rows();
        SeatRow row = rows.get(random.nextInt(rows.size()));
        int number = 1 + random.nextInt(row.seats());
        char status = row.statuses().charAt(number - 1);
        String seat = SeatIds.of(row.label(), number);
        List<String> others = new ArrayList<>();
        for (SeatRow any : rows) {
            for (int i = 0; i < any.seats(); i++) {
                if (any.statuses().charAt(i) == 'A' && others.size() < 2) {
                    others.add(SeatIds.of(any.label(), i + 1));
                }
            }
        }
        others.remove(seat);
        List<String> seats = new ArrayList<>(others);
        seats.add(seat);
        if (status != 'A') {
            assertThatThrownBy(() -> map.hold(seats)).isInstanceOf(IllegalStateException.class);
        }
        if (status != 'H') {
            assertThatThrownBy(() -> map.sell(List.of(seat))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> map.release(List.of(seat))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(map.rows()).as("a refused transition changes nothing").isEqualTo(rows);
        cover("refused transition");
    }

    private List<String> checkCopiesAndStoredRows(SeatMap map, Random random, List<String> stored) {
        SeatMap copy = map.copy();
        SeatMap rebuilt = new SeatMap(map.section(), map.rows());
        assertThat(copy.rows()).isEqualTo(map.rows());
        assertThat(rebuilt.rows()).isEqualTo(map.rows());
        for (int quantity = 1; quantity <= 4; quantity++) {
            assertThat(rebuilt.bestAvailable(quantity, false, false)).isEqualTo(map.bestAvailable(quantity, false,
                    false));
        }
        List<String> free = new ArrayList<>();
        for (SeatRow row : map.rows()) {
            for (int i = 0; i < row.seats(); i++) {
                if (row.statuses().charAt(i) == 'A') {
                    free.add(SeatIds.of(row.label(), i + 1));
                }
            }
        }
        if (!free.isEmpty()) {
            List<SeatRow> before = map.rows();
            copy.hold(List.of(free.get(random.nextInt(free.size()))));
            assertThat(map.rows()).as("a copy's hold leaves the original alone").isEqualTo(before);
        }
        if (random.nextBoolean()) {
            map.markStored();
            assertThat(map.changedRows()).isEmpty();
            cover("marked stored");
            return statusesOf(map.rows());
        }
        return stored;
    }

    // ---- the rules, written plainly ----

    private static boolean eligible(SeatRow row, int number, boolean accessible) {
        return row.statuses().charAt(number - 1) == 'A' && (row.accessible().charAt(number - 1) == 'w') == accessible;
    }

    private static boolean aisleBetween(SeatRow row, int number) {
        return row.aisleAfter().contains(number);
    }

    private static int eligibleFree(List<SeatRow> rows, boolean accessible) {
        int free = 0;
        for (SeatRow row : rows) {
            for (int number = 1; number <= row.seats(); number++) {
                if (eligible(row, number, accessible)) {
                    free++;
                }
            }
        }
        return free;
    }

    private record Block(int orphans, int row, int distance, int first, int quantity) implements Comparable<Block> {
        List<Integer> key() {
            return List.of(orphans, row, distance, first);
        }

        List<String> ids(List<SeatRow> rows) {
            List<String> ids = new ArrayList<>();
            for (int number = first; number < first + quantity; number++) {
                ids.add(SeatIds.of(rows.get(row).label(), number));
            }
            return ids;
        }

        @Override
        public int compareTo(Block other) {
            return Comparator.comparingInt(Block::orphans).thenComparingInt(Block::row)
                    .thenComparingInt(Block::distance).thenComparingInt(Block::first).compare(this, other);
        }
    }

    private static List<Block> everyBlock(List<SeatRow> rows, int quantity, boolean accessible) {
        List<Block> blocks = new ArrayList<>();
        for (SeatRow row : rows) {
            int n = row.seats();
            for (int first = 1; first + quantity - 1 <= n; first++) {
                int last = first + quantity - 1;
                boolean fits = true;
                for (int number = first; number <= last; number++) {
                    fits &= eligible(row, number, accessible);
                    if (number < last && aisleBetween(row, number)) {
                        fits = false;
                    }
                }
                if (!fits) {
                    continue;
                }
                int left = 0;
                for (int number = first - 1; number >= 1 && !aisleBetween(row, number)
                        && eligible(row, number, accessible); number--) {
                    left++;
                }
                int right = 0;
                for (int number = last + 1; number <= n && !aisleBetween(row, number - 1)
                        && eligible(row, number, accessible); number++) {
                    right++;
                }
                int orphans = (left == 1 ? 1 : 0) + (right == 1 ? 1 : 0);
                // |(first+last)/2 - (n+1)/2|, doubled to stay an integer
                int distance = Math.abs(first + last - (n + 1));
                blocks.add(new Block(orphans, row.index(), distance, first, quantity));
            }
        }
        return blocks;
    }

    /** (rows used, blocks used, back-most row, doubled distances) of a split. */
    private static int[] splitKey(List<SeatRow> rows, List<String> seats) {
        Set<Integer> rowsUsed = new TreeSet<>();
        Set<String> chosen = Set.copyOf(seats);
        int blocks = 0;
        int distance = 0;
        for (String seat : seats) {
            SeatRow row = rowOf(rows, seat);
            int number = SeatIds.number(seat);
            rowsUsed.add(row.index());
            boolean continuesABlock = number > 1 && !aisleBetween(row, number - 1)
                    && chosen.contains(SeatIds.of(row.label(), number - 1));
            if (!continuesABlock) {
                blocks++;
            }
            distance += Math.abs(2 * number - (row.seats() + 1));
        }
        return new int[] {rowsUsed.size(), blocks, Collections.max(rowsUsed), distance};
    }

    /** Every subset of the free seats, in the order of their sorted ids, the first best kept; null when too many. */
    private static List<String> bruteSplit(List<SeatRow> rows, int quantity, boolean accessible) {
        List<String> free = new ArrayList<>();
        for (SeatRow row : rows) {
            for (int number = 1; number <= row.seats(); number++) {
                if (eligible(row, number, accessible)) {
                    free.add(SeatIds.of(row.label(), number));
                }
            }
        }
        if (subsets(free.size(), quantity) > MOST_SUBSETS) {
            return null;
        }
        int[] chosen = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            chosen[i] = i;
        }
        List<String> best = null;
        int[] bestKey = null;
        while (true) {
            List<String> seats = new ArrayList<>(quantity);
            for (int index : chosen) {
                seats.add(free.get(index));
            }
            int[] key = splitKey(rows, seats);
            if (bestKey == null || Arrays.compare(key, bestKey) < 0) {
                best = seats;
                bestKey = key;
            }
            int i = quantity - 1;
            while (i >= 0 && chosen[i] == free.size() - quantity + i) {
                i--;
            }
            if (i < 0) {
                return best;
            }
            chosen[i]++;
            for (int j = i + 1; j < quantity; j++) {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }

    private static long subsets(int n, int k) {
        long result = 1;
        for (int i = 0; i < k; i++) {
            result = result * (n - i) / (i + 1);
        }
        return result;
    }

    private static List<String> bruteUnavailable(List<SeatRow> rows, List<String> picked) {
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (SeatRow row : rows) {
            for (int number = 1; number <= row.seats(); number++) {
                String id = SeatIds.of(row.label(), number);
                if (picked.contains(id) && row.statuses().charAt(number - 1) != 'A') {
                    known.add(id);
                }
            }
        }
        for (String id : picked) {
            boolean exists = rows.stream().anyMatch(row -> SeatIds.isWellFormed(id)
                    && row.label().equals(SeatIds.row(id)) && SeatIds.number(id) <= row.seats());
            if (!exists && !unknown.contains(id)) {
                unknown.add(id);
            }
        }
        known.addAll(unknown);
        return known;
    }

    private static SeatRow rowOf(List<SeatRow> rows, String seat) {
        return rows.stream().filter(row -> row.label().equals(SeatIds.row(seat))).findFirst().orElseThrow();
    }

    private static Comparator<String> seatOrder(List<SeatRow> rows) {
        return Comparator.<String>comparingInt(seat -> rowOf(rows, seat).index()).thenComparingInt(SeatIds::number);
    }

    private static void assertCountersMatch(SeatMap map) {
        int available = 0;
        int held = 0;
        int sold = 0;
        int notBlocked = 0;
        int freeOrdinary = 0;
        int unsoldOrdinary = 0;
        for (SeatRow row : map.rows()) {
            for (int i = 0; i < row.seats(); i++) {
                char status = row.statuses().charAt(i);
                boolean ordinary = row.accessible().charAt(i) == '.';
                available += status == 'A' ? 1 : 0;
                held += status == 'H' ? 1 : 0;
                sold += status == 'S' ? 1 : 0;
                notBlocked += status != 'B' ? 1 : 0;
                freeOrdinary += status == 'A' && ordinary ? 1 : 0;
                unsoldOrdinary += (status == 'A' || status == 'H') && ordinary ? 1 : 0;
            }
        }
        assertThat(new int[] {map.capacity(), map.available(), map.held(), map.sold(), map.freeOrdinarySeats(),
                map.unsoldOrdinarySeats()})
                .as("capacity, available, held, sold, free ordinary, unsold ordinary of " + map.rows())
                .containsExactly(notBlocked, available, held, sold, freeOrdinary, unsoldOrdinary);
    }

    private static List<String> statusesOf(List<SeatRow> rows) {
        return rows.stream().map(row -> row.label() + ":" + row.statuses()).toList();
    }

    private static List<String> changedSince(List<String> stored, List<SeatRow> rows) {
        List<String> changed = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String now = rows.get(r).label() + ":" + rows.get(r).statuses();
            if (!now.equals(stored.get(r))) {
                changed.add(now);
            }
        }
        return changed;
    }

    // ---- random maps ----

    private static List<SeatRow> randomRows(Random random) {
        boolean large = random.nextInt(5) == 0;
        int rowCount = 1 + random.nextInt(large ? 12 : 5);
        double aisleChance = random.nextDouble() * 0.25;
        double accessibleChance = random.nextDouble() * 0.3;
        double blockedChance = random.nextDouble() * 0.1;
        double takenChance = random.nextDouble() * 0.3;
        List<SeatRow> rows = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (int r = 0; r < rowCount; r++) {
            String label;
            do {
                label = random.nextBoolean() ? String.valueOf((char) ('A' + random.nextInt(26)))
                        : "R" + random.nextInt(100);
            } while (!labels.add(label));
            int n = 1 + random.nextInt(large ? 30 : 12);
            StringBuilder statuses = new StringBuilder();
            StringBuilder accessible = new StringBuilder();
            List<Integer> aisles = new ArrayList<>();
            for (int number = 1; number <= n; number++) {
                double roll = random.nextDouble();
                statuses.append(roll < blockedChance ? 'B'
                        : roll < blockedChance + takenChance / 2 ? 'S'
                        : roll < blockedChance + takenChance ? 'H' : 'A');
                accessible.append(random.nextDouble() < accessibleChance ? 'w' : '.');
                if (number < n && random.nextDouble() < aisleChance) {
                    aisles.add(number);
                }
            }
            rows.add(new SeatRow(r, label, statuses.toString(), accessible.toString(), aisles));
        }
        return rows;
    }
}
