package dev.holdfast.worker.inventory;

import java.util.List;
import java.util.Objects;

/**
 * One row of a seated section as stored: statuses one char per seat (A available, H held, S sold, B blocked),
 * accessible one char per seat ('w' wheelchair place, '.' ordinary), aisleAfter = seat numbers after which an
 * aisle breaks the row (ascending). index = position front to back, 0 is the front row. {@link SeatMap} checks the
 * lengths and characters.
 */
public record SeatRow(int index, String label, String statuses, String accessible, List<Integer> aisleAfter) {

    public SeatRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(accessible, "accessible");
        aisleAfter = List.copyOf(aisleAfter);
    }

    /** The number of seats, blocked ones included. */
    public int seats() {
        return statuses.length();
    }
}
