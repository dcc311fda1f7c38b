package dev.holdfast.worker.inventory;

/**
 * The summary of one row for one kind of reserve (ordinary or accessible): its maximal runs of free seats that reserve
 * may take, side by side and not across an aisle, left to right. A seat the reserve may not take (taken, blocked, or
 * of the other kind) ends a run like an aisle does. Immutable, rebuilt when a seat of its row becomes or stops being
 * available.
 */
final class SeatRuns {

    static final SeatRuns NONE = new SeatRuns(new int[0], new int[0], 0, 0);

    /** First seat number of each run (1-based), ascending. */
    final int[] starts;
    final int[] lengths;
    final int longest;
    final int free;

    private SeatRuns(int[] starts, int[] lengths, int longest, int free) {
        this.starts = starts;
        this.lengths = lengths;
        this.longest = longest;
        this.free = free;
    }

    int count() {
        return starts.length;
    }

    /**
     * @param aisleAfter indexed by seat number: true when an aisle follows that seat
     */
    static SeatRuns of(char[] statuses, boolean[] accessible, boolean[] aisleAfter, boolean forAccessible) {
        int n = statuses.length;
        int[] starts = new int[n];
        int[] lengths = new int[n];
        int count = 0;
        int longest = 0;
        int free = 0;
        int runStart = 0;
        for (int seat = 1; seat <= n; seat++) {
            boolean eligible = statuses[seat - 1] == 'A' && accessible[seat - 1] == forAccessible;
            if (eligible) {
                free++;
                if (runStart == 0) {
                    runStart = seat;
                }
            }
            boolean runEnds = runStart != 0 && (!eligible || seat == n || aisleAfter[seat]);
            if (runEnds) {
                int last = eligible ? seat : seat - 1;
                starts[count] = runStart;
                lengths[count] = last - runStart + 1;
                longest = Math.max(longest, lengths[count]);
                count++;
                runStart = 0;
            }
        }
        if (count == 0) {
            return NONE;
        }
        return new SeatRuns(java.util.Arrays.copyOf(starts, count), java.util.Arrays.copyOf(lengths, count),
                longest, free);
    }
}
