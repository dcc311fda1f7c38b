package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.SeatIds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The best split (API.md, "Precise rules"): when no run of free seats holds the quantity, the seats that minimise, in
 * order, the rows used, the blocks used (maximal runs of chosen seats side by side), the index of the back-most row
 * used, and the sum of each seat's distance to its row's centre; then the lowest seat ids, compared as the chosen
 * seats in row and seat order, the first difference deciding.
 *
 * <p>A best split takes at most one block from each run (two blocks in one run lose to one block of the same seats'
 * count there), so it is a choice of runs and of a count from each; for a count, the run's block closest to the centre
 * has the smallest distance sum. Two dynamic programmes over "seats taken so far" (0..quantity), polynomial in rows,
 * seats and quantity (about rows x seats x quantity steps):
 * <ol>
 *   <li>front to back on (rows, blocks) only: the best (rows, blocks) of the whole section, and the first row by
 *       which it is reached, which is the smallest back-most row any such split can have;</li>
 *   <li>back to front over the runs of the rows up to that one, on (rows, blocks, distance). Going back to front
 *       makes the lowest-ids rule local: a split that uses the current run holds seats lower than every seat of the
 *       runs after it, so between two equally good splits the one using the run wins, then the one whose block there
 *       starts lower, then the longer block; the runs after are one kept best per count, already ordered the same
 *       way.</li>
 * </ol>
 * The three numbers are packed into one long cost: {@code rows * 2^40 + blocks * 2^24 + doubled distances}, the
 * doubled distances of 40,000 seats staying under 2^24 and their blocks under 2^16.
 */
final class SeatSplit {

    private static final long PER_ROW = 1L << 40;
    private static final long PER_BLOCK = 1L << 24;
    private static final long NONE = Long.MAX_VALUE / 4;

    private SeatSplit() {
    }

    /** A block of the split, linked to the blocks after it (row order, then seat order). */
    private record Block(int row, int first, int count, Block next) {
    }

    /**
     * @param runs    each row's runs of free seats this reserve may take; none as long as {@code quantity}, and at
     *                least {@code quantity} free seats in all
     * @param seats   each row's number of seats (blocked included), for its centre
     * @param labels  each row's label
     * @return the seat ids, in row order then seat order
     */
    static List<String> best(int quantity, SeatRuns[] runs, int[] seats, String[] labels) {
        int lastRow = firstRowReachingFewestRowsAndBlocks(quantity, runs);
        long[] cost = new long[quantity + 1];
        Block[] blocks = new Block[quantity + 1];
        Arrays.fill(cost, NONE);
        cost[0] = 0;
        for (int r = lastRow; r >= 0; r--) {
            if (runs[r].free == 0) {
                continue;
            }
            long[] withRow = new long[quantity + 1];
            Block[] withRowBlocks = new Block[quantity + 1];
            Arrays.fill(withRow, NONE);
            long[] distanceBefore = doubledDistancePrefix(seats[r]);
            for (int i = runs[r].count() - 1; i >= 0; i--) {
                takeFromRun(quantity, r, runs[r].starts[i], runs[r].lengths[i], seats[r], distanceBefore,
                        cost, blocks, withRow, withRowBlocks);
            }
            for (int s = 1; s <= quantity; s++) {
                // On a tie the split using this row wins: its seats come before every seat of the rows behind.
                if (withRow[s] <= cost[s] && withRow[s] < NONE) {
                    cost[s] = withRow[s];
                    blocks[s] = withRowBlocks[s];
                }
            }
        }
        if (blocks[quantity] == null) {
            throw new IllegalStateException("no split of " + quantity + " seats, though enough are free");
        }
        List<String> ids = new ArrayList<>(quantity);
        for (Block block = blocks[quantity]; block != null; block = block.next()) {
            for (int seat = block.first(); seat < block.first() + block.count(); seat++) {
                ids.add(SeatIds.of(labels[block.row()], seat));
            }
        }
        return ids;
    }

    /**
     * One run of row r, the runs after it in that row already in {@code withRow} (splits that use row r), the rows
     * behind in {@code without} (splits that do not).
     */
    private static void takeFromRun(int quantity, int r, int start, int length, int n, long[] distanceBefore,
                                     long[] without, Block[] withoutBlocks, long[] withRow,
                                     Block[] withRowBlocks) {
        int most = Math.min(length, quantity);
        int[] first = new int[most + 1];
        long[] distance = new long[most + 1];
        for (int c = 1; c <= most; c++) {
            first[c] = SeatMap.closestToCentre(n, c, start, start + length - c);
            distance[c] = distanceBefore[first[c] + c - 1] - distanceBefore[first[c] - 1];
        }
        long[] previous = withRow.clone();
        Block[] previousBlocks = withRowBlocks.clone();
        for (int s = 1; s <= quantity; s++) {
            long best = previous[s];
            int bestCount = 0;
            boolean bestAfterRunOfRow = false;
            for (int c = 1; c <= Math.min(most, s); c++) {
                for (int source = 0; source < 2; source++) {
                    boolean afterRunOfRow = source == 0;
                    long rest = afterRunOfRow ? previous[s - c] : without[s - c];
                    if (rest >= NONE) {
                        continue;
                    }
                    long candidate = rest + PER_BLOCK + distance[c] + (afterRunOfRow ? 0 : PER_ROW);
                    boolean wins = candidate < best
                            || candidate == best && (bestCount == 0
                                    || first[c] < first[bestCount]
                                    || first[c] == first[bestCount] && c > bestCount
                                    || c == bestCount && afterRunOfRow && !bestAfterRunOfRow);
                    if (wins) {
                        best = candidate;
                        bestCount = c;
                        bestAfterRunOfRow = afterRunOfRow;
                    }
                }
            }
            if (bestCount > 0) {
                withRow[s] = best;
                Block rest = bestAfterRunOfRow ? previousBlocks[s - bestCount] : withoutBlocks[s - bestCount];
                withRowBlocks[s] = new Block(r, first[bestCount], bestCount, rest);
            }
        }
    }

    /** prefix[j] = the sum of |2x - (n + 1)| for x in 1..j: twice each seat's distance to the centre. */
    private static long[] doubledDistancePrefix(int n) {
        long[] prefix = new long[n + 1];
        for (int x = 1; x <= n; x++) {
            prefix[x] = prefix[x - 1] + Math.abs(2 * x - (n + 1));
        }
        return prefix;
    }

    /** Phase 1: the smallest back-most row of any split with the fewest rows, then the fewest blocks. */
    private static int firstRowReachingFewestRowsAndBlocks(int quantity, SeatRuns[] runs) {
        long[] cost = new long[quantity + 1];
        Arrays.fill(cost, NONE);
        cost[0] = 0;
        long[] reached = new long[runs.length];
        for (int r = 0; r < runs.length; r++) {
            SeatRuns row = runs[r];
            if (row.free > 0) {
                int[] fewestBlocks = fewestBlocksPerCount(row, quantity);
                for (int s = quantity; s >= 1; s--) {
                    for (int c = 1; c < fewestBlocks.length && c <= s; c++) {
                        if (cost[s - c] < NONE) {
                            cost[s] = Math.min(cost[s], cost[s - c] + PER_ROW + fewestBlocks[c] * PER_BLOCK);
                        }
                    }
                }
            }
            reached[r] = cost[quantity];
        }
        for (int r = 0; r < runs.length; r++) {
            if (reached[r] == cost[quantity]) {
                return r;
            }
        }
        throw new IllegalStateException("fewer than " + quantity + " free seats for a split");
    }

    /** For each count c of seats from one row, the fewest of its runs that hold c: its longest runs first. */
    private static int[] fewestBlocksPerCount(SeatRuns row, int quantity) {
        int[] lengths = row.lengths.clone();
        Arrays.sort(lengths);
        int most = Math.min(row.free, quantity);
        int[] fewest = new int[most + 1];
        int blocks = 0;
        int held = 0;
        for (int c = 1; c <= most; c++) {
            while (held < c) {
                held += lengths[lengths.length - 1 - blocks];
                blocks++;
            }
            fewest[c] = blocks;
        }
        return fewest;
    }
}
