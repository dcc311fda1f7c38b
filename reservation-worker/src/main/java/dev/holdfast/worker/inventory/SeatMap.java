package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.SeatIds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seats of one seated section and the rules that give them out (API.md, "Reserved seating (v1.2)").
 *
 * <p><b>Best available</b> looks for blocks of {@code quantity} free seats side by side in one row, never across an
 * aisle, among the seats the reserve may take (only ordinary places for an ordinary reserve, only wheelchair places
 * for an accessible one). The blocks are ranked by, in order:
 * <ol>
 *   <li>the orphans the block leaves: on each side of the block, the free seats it may take between the block and the
 *       next barrier (a taken or blocked seat, a seat of the other kind, an aisle or the row's end); a side where
 *       exactly one is left has an orphan, so a block leaves 0, 1 or 2. A block only leaves orphans on its own two
 *       sides: a single free seat elsewhere, already alone before the reserve, is not left by it and is not counted.
 *       The fewest wins, across all rows (some block of a run always leaves at most one, so "fewest" means no orphan
 *       when any block anywhere leaves none);</li>
 *   <li>the front-most row;</li>
 *   <li>the distance of the block's middle to the row's centre, {@code |(first+last)/2 - (n+1)/2|} where n counts
 *       every seat of the row, blocked included;</li>
 *   <li>the lower first seat number.</li>
 * </ol>
 * Each row keeps a {@link SeatRuns} summary per kind, rebuilt only when a seat of that row changes, so a call skips
 * rows whose longest run is too short and reads only the runs of the others.
 *
 * <p>When no block fits and the reserve allows a split, {@link SeatSplit} gives the best split. Not thread-safe: the
 * event's one writer owns it.
 */
public final class SeatMap {

    static final int MAX_ROWS = 200;
    static final int MAX_SEATS_PER_ROW = 200;
    private static final int ORDINARY = 0;
    private static final int ACCESSIBLE = 1;

    private final String section;
    private final String[] labels;
    private final Map<String, Integer> rowByLabel;
    private final List<Integer>[] aisles;
    private final String[] accessibleText;
    private final boolean[][] accessible;
    private final boolean[][] aisleAfter;
    private final char[][] statuses;
    /** [row][kind] */
    private final SeatRuns[][] runs;
    private final int[] free = new int[2];
    private final int capacity;
    private int available;
    private int held;
    private int sold;
    private int unsoldOrdinary;
    /** The statuses as last stored, per row; compared with the current ones for the rows in {@link #touched}. */
    private final String[] stored;
    private final boolean[] touched;

    /**
     * @param rows in index order
     * @throws IllegalArgumentException when a row's index, label, lengths, characters or aisles are not as stored
     */
    @SuppressWarnings("unchecked")
    public SeatMap(String section, List<SeatRow> rows) {
        this.section = Objects.requireNonNull(section, "section");
        if (rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("section " + section + " has " + rows.size() + " rows, at most "
                    + MAX_ROWS);
        }
        int count = rows.size();
        labels = new String[count];
        rowByLabel = new HashMap<>();
        aisles = new List[count];
        accessibleText = new String[count];
        accessible = new boolean[count][];
        aisleAfter = new boolean[count][];
        statuses = new char[count][];
        runs = new SeatRuns[count][];
        stored = new String[count];
        touched = new boolean[count];
        int notBlocked = 0;
        for (int r = 0; r < count; r++) {
            SeatRow row = rows.get(r);
            validate(section, r, row);
            if (rowByLabel.put(row.label(), r) != null) {
                throw new IllegalArgumentException("section " + section + " has two rows " + row.label());
            }
            int n = row.seats();
            labels[r] = row.label();
            aisles[r] = row.aisleAfter();
            accessibleText[r] = row.accessible();
            statuses[r] = row.statuses().toCharArray();
            stored[r] = row.statuses();
            accessible[r] = new boolean[n];
            aisleAfter[r] = new boolean[n + 1];
            for (int aisle : row.aisleAfter()) {
                aisleAfter[r][aisle] = true;
            }
            for (int i = 0; i < n; i++) {
                accessible[r][i] = row.accessible().charAt(i) == 'w';
                switch (statuses[r][i]) {
                    case 'A' -> available++;
                    case 'H' -> held++;
                    case 'S' -> sold++;
                    default -> {
                    }
                }
                if (statuses[r][i] != 'B') {
                    notBlocked++;
                }
                if (!accessible[r][i] && (statuses[r][i] == 'A' || statuses[r][i] == 'H')) {
                    unsoldOrdinary++;
                }
            }
            runs[r] = new SeatRuns[2];
            summarise(r);
        }
        capacity = notBlocked;
    }

    private SeatMap(SeatMap other) {
        section = other.section;
        labels = other.labels;
        rowByLabel = other.rowByLabel;
        aisles = other.aisles;
        accessibleText = other.accessibleText;
        accessible = other.accessible;
        aisleAfter = other.aisleAfter;
        statuses = new char[other.statuses.length][];
        runs = new SeatRuns[other.runs.length][];
        for (int r = 0; r < statuses.length; r++) {
            statuses[r] = other.statuses[r].clone();
            runs[r] = other.runs[r].clone();
        }
        free[ORDINARY] = other.free[ORDINARY];
        free[ACCESSIBLE] = other.free[ACCESSIBLE];
        capacity = other.capacity;
        available = other.available;
        held = other.held;
        sold = other.sold;
        unsoldOrdinary = other.unsoldOrdinary;
        stored = other.stored.clone();
        touched = other.touched.clone();
    }

    private static void validate(String section, int position, SeatRow row) {
        String where = "section " + section + " row " + row.label();
        if (row.index() != position) {
            throw new IllegalArgumentException(where + " has index " + row.index() + " at position " + position);
        }
        if (!SeatIds.ROW_LABEL.matcher(row.label()).matches()) {
            throw new IllegalArgumentException(where + ": the label is not 1..4 capital letters or digits");
        }
        int n = row.seats();
        if (n < 1 || n > MAX_SEATS_PER_ROW) {
            throw new IllegalArgumentException(where + " has " + n + " seats, not 1.." + MAX_SEATS_PER_ROW);
        }
        if (row.accessible().length() != n) {
            throw new IllegalArgumentException(where + " has " + n + " statuses but " + row.accessible().length()
                    + " accessible marks");
        }
        for (int i = 0; i < n; i++) {
            if ("AHSB".indexOf(row.statuses().charAt(i)) < 0) {
                throw new IllegalArgumentException(where + " seat " + (i + 1) + " has status '"
                        + row.statuses().charAt(i) + "'");
            }
            if (row.accessible().charAt(i) != 'w' && row.accessible().charAt(i) != '.') {
                throw new IllegalArgumentException(where + " seat " + (i + 1) + " has accessible mark '"
                        + row.accessible().charAt(i) + "'");
            }
        }
        int previous = 0;
        for (Integer aisle : row.aisleAfter()) {
            if (aisle == null || aisle <= previous || aisle >= n) {
                throw new IllegalArgumentException(where + " has aisles " + row.aisleAfter()
                        + ", not ascending within 1.." + (n - 1));
            }
            previous = aisle;
        }
    }

    private void summarise(int r) {
        for (int kind = ORDINARY; kind <= ACCESSIBLE; kind++) {
            if (runs[r][kind] != null) {
                free[kind] -= runs[r][kind].free;
            }
            runs[r][kind] = SeatRuns.of(statuses[r], accessible[r], aisleAfter[r], kind == ACCESSIBLE);
            free[kind] += runs[r][kind].free;
        }
    }

    public String section() {
        return section;
    }

    /** Seats not blocked. */
    public int capacity() {
        return capacity;
    }

    /** Seats 'A', accessible places included. */
    public int available() {
        return available;
    }

    public int held() {
        return held;
    }

    public int sold() {
        return sold;
    }

    /**
     * Best available per the contract's rules (see the class comment). {@code adjacent=false} allows the best split
     * when no block fits; {@code accessible=true} uses only accessible places, false only ordinary ones. Pure: changes
     * nothing.
     */
    public SeatChoice bestAvailable(int quantity, boolean adjacent, boolean accessible) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity " + quantity + " is not positive");
        }
        int kind = accessible ? ACCESSIBLE : ORDINARY;
        int eligible = free[kind];
        if (eligible < quantity) {
            return new SeatChoice.SoldOut(eligible);
        }
        List<String> block = bestBlock(quantity, kind);
        if (block != null) {
            return new SeatChoice.Chosen(block);
        }
        if (adjacent) {
            return new SeatChoice.NoAdjacent(eligible);
        }
        return new SeatChoice.Chosen(SeatSplit.best(quantity, kindRuns(kind), seatCounts(), labels));
    }

    private List<String> bestBlock(int quantity, int kind) {
        int bestRow = -1;
        int bestFirst = 0;
        int bestOrphans = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        for (int r = 0; r < statuses.length; r++) {
            if (bestOrphans == 0) {
                break; // every later row ranks after a block that leaves no orphan in this or an earlier row
            }
            SeatRuns row = runs[r][kind];
            if (row.longest < quantity) {
                continue;
            }
            int n = statuses[r].length;
            for (int i = 0; i < row.count(); i++) {
                int length = row.lengths[i];
                if (length < quantity) {
                    continue;
                }
                int slack = length - quantity;
                // Only a run exactly one seat longer than the block cannot avoid an orphan: elsewhere the block
                // avoids it by hugging one end or by staying two seats clear of both.
                int orphans = slack == 1 ? 1 : 0;
                if (orphans > bestOrphans || (orphans == bestOrphans && r > bestRow)) {
                    continue;
                }
                int start = row.starts[i];
                int first;
                if (slack == 1) {
                    first = closestToCentre(n, quantity, start, start + 1);
                } else {
                    first = closestToCentre(n, quantity, start, start);
                    first = closer(n, quantity, first, closestToCentre(n, quantity, start + slack, start + slack));
                    if (slack >= 4) {
                        first = closer(n, quantity, first, closestToCentre(n, quantity, start + 2, start + slack - 2));
                    }
                }
                int distance = doubledDistance(n, quantity, first);
                boolean better = orphans < bestOrphans || distance < bestDistance
                        || (distance == bestDistance && first < bestFirst);
                if (better) {
                    bestRow = r;
                    bestFirst = first;
                    bestOrphans = orphans;
                    bestDistance = distance;
                }
            }
        }
        if (bestRow < 0) {
            return null;
        }
        List<String> seats = new ArrayList<>(quantity);
        for (int seat = bestFirst; seat < bestFirst + quantity; seat++) {
            seats.add(SeatIds.of(labels[bestRow], seat));
        }
        return seats;
    }

    /** Twice the distance of the block's middle to the centre of a row of n seats: |first + last - (n + 1)|. */
    static int doubledDistance(int n, int quantity, int first) {
        return Math.abs(2 * first + quantity - 2 - n);
    }

    /** The first seat, within [lowest, highest], of the block closest to the centre, the lower one on a tie. */
    static int closestToCentre(int n, int quantity, int lowest, int highest) {
        int centred = Math.floorDiv(n + 2 - quantity, 2);
        return Math.max(lowest, Math.min(highest, centred));
    }

    private static int closer(int n, int quantity, int a, int b) {
        int da = doubledDistance(n, quantity, a);
        int db = doubledDistance(n, quantity, b);
        return da < db || (da == db && a < b) ? a : b;
    }

    private SeatRuns[] kindRuns(int kind) {
        SeatRuns[] result = new SeatRuns[runs.length];
        for (int r = 0; r < runs.length; r++) {
            result[r] = runs[r][kind];
        }
        return result;
    }

    private int[] seatCounts() {
        int[] counts = new int[statuses.length];
        for (int r = 0; r < counts.length; r++) {
            counts[r] = statuses[r].length;
        }
        return counts;
    }

    /**
     * The picked ids that cannot be held (held, sold, blocked, or unknown in this section), each once, known ones in
     * row order and seat order, unknown ones last in request order; empty when all are available. Any seat of the
     * section may be picked, accessible places included. Pure.
     */
    public List<String> unavailable(List<String> picked) {
        Set<Long> taken = new TreeSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String id : picked) {
            long seat = locate(id);
            if (seat < 0) {
                unknown.add(id);
            } else if (statusAt(seat) != 'A') {
                taken.add(seat);
            }
        }
        List<String> result = new ArrayList<>(taken.size() + unknown.size());
        for (long seat : taken) {
            result.add(idOf(seat));
        }
        result.addAll(unknown);
        return result;
    }

    /** A → H for each; IllegalStateException if any is not A (nothing changes then). */
    public void hold(List<String> seats) {
        transition(seats, 'A', 'H');
    }

    /** H → S for each; IllegalStateException if any is not H (nothing changes then). */
    public void sell(List<String> seats) {
        transition(seats, 'H', 'S');
    }

    /** H → A for each; IllegalStateException if any is not H (nothing changes then). */
    public void release(List<String> seats) {
        transition(seats, 'H', 'A');
    }

    /**
     * @throws IllegalArgumentException for an id that is not a seat of this section, or an id given twice
     * @throws IllegalStateException    for a seat whose status is not {@code from}
     */
    private void transition(List<String> ids, char from, char to) {
        long[] seats = new long[ids.size()];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < seats.length; i++) {
            long seat = locate(ids.get(i));
            if (seat < 0) {
                throw new IllegalArgumentException("seat " + ids.get(i) + " is not in section " + section);
            }
            if (!seen.add(seat)) {
                throw new IllegalArgumentException("seat " + ids.get(i) + " is given twice");
            }
            if (statusAt(seat) != from) {
                throw new IllegalStateException("seat " + ids.get(i) + " of section " + section + " is "
                        + statusAt(seat) + ", not " + from);
            }
            seats[i] = seat;
        }
        boolean[] rowsChanged = new boolean[statuses.length];
        for (long seat : seats) {
            int r = rowOf(seat);
            int number = numberOf(seat);
            statuses[r][number - 1] = to;
            rowsChanged[r] = true;
            touched[r] = true;
            count(from, -1);
            count(to, +1);
            if (to == 'S' && !accessible[r][number - 1]) {
                unsoldOrdinary--;
            }
        }
        if (from == 'A' || to == 'A') {
            for (int r = 0; r < rowsChanged.length; r++) {
                if (rowsChanged[r]) {
                    summarise(r);
                }
            }
        }
    }

    private void count(char status, int delta) {
        switch (status) {
            case 'A' -> available += delta;
            case 'H' -> held += delta;
            case 'S' -> sold += delta;
            default -> throw new IllegalStateException("no transition touches status " + status);
        }
    }

    /** Free ordinary seats (available and not accessible): what a waiting-list offer may take. */
    public int freeOrdinarySeats() {
        return free[ORDINARY];
    }

    /** Ordinary seats not blocked and not sold: the most a waiting-list entry could ever be offered. */
    public int unsoldOrdinarySeats() {
        return unsoldOrdinary;
    }

    /** The rows, current state, in index order. */
    public List<SeatRow> rows() {
        List<SeatRow> result = new ArrayList<>(statuses.length);
        for (int r = 0; r < statuses.length; r++) {
            result.add(row(r));
        }
        return result;
    }

    /**
     * The rows whose statuses differ from those at construction (or at the last {@link #markStored}), current state,
     * in index order. A row whose seats changed and changed back (held then released) is not among them.
     */
    public List<SeatRow> changedRows() {
        List<SeatRow> result = new ArrayList<>();
        for (int r = 0; r < statuses.length; r++) {
            if (touched[r] && !stored[r].equals(new String(statuses[r]))) {
                result.add(row(r));
            }
        }
        return result;
    }

    /** The current statuses are stored: {@link #changedRows} is empty until the next change. */
    public void markStored() {
        for (int r = 0; r < statuses.length; r++) {
            if (touched[r]) {
                stored[r] = new String(statuses[r]);
                touched[r] = false;
            }
        }
    }

    /** Deep copy (for tests and for replaying a batch), with the same stored state for {@link #changedRows}. */
    public SeatMap copy() {
        return new SeatMap(this);
    }

    /** Whether the id is a seat of this section. */
    public boolean contains(String id) {
        return locate(id) >= 0;
    }

    /** The status letter of a seat of this section. */
    public char status(String id) {
        long seat = locate(id);
        if (seat < 0) {
            throw new IllegalArgumentException("seat " + id + " is not in section " + section);
        }
        return statusAt(seat);
    }

    /** Whether a seat of this section is a wheelchair place. */
    public boolean isAccessible(String id) {
        long seat = locate(id);
        if (seat < 0) {
            throw new IllegalArgumentException("seat " + id + " is not in section " + section);
        }
        return accessible[rowOf(seat)][numberOf(seat) - 1];
    }

    private SeatRow row(int r) {
        return new SeatRow(r, labels[r], new String(statuses[r]), accessibleText[r], aisles[r]);
    }

    /** The seat as {@code row * 1000 + number} (ordered by row, then number), or -1 when not in this section. */
    private long locate(String id) {
        if (!SeatIds.isWellFormed(id)) {
            return -1;
        }
        Integer r = rowByLabel.get(SeatIds.row(id));
        int number = SeatIds.number(id);
        if (r == null || number > statuses[r].length) {
            return -1;
        }
        return r * 1000L + number;
    }

    private static int rowOf(long seat) {
        return (int) (seat / 1000);
    }

    private static int numberOf(long seat) {
        return (int) (seat % 1000);
    }

    private char statusAt(long seat) {
        return statuses[rowOf(seat)][numberOf(seat) - 1];
    }

    private String idOf(long seat) {
        return SeatIds.of(labels[rowOf(seat)], numberOf(seat));
    }

    @Override
    public String toString() {
        return "SeatMap[" + section + ", capacity " + capacity + ", available " + available + ", held " + held
                + ", sold " + sold + ", rows " + Arrays.stream(statuses).map(String::new).toList() + "]";
    }
}
