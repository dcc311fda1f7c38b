package dev.holdfast.worker.inventory;

import java.util.List;

/** The result of best available ({@link SeatMap#bestAvailable}). */
public sealed interface SeatChoice {

    /** The chosen seats' ids {@code "<row>-<number>"}, in row order (index) then seat number. */
    record Chosen(List<String> seats) implements SeatChoice {
        public Chosen {
            seats = List.copyOf(seats);
        }
    }

    /** Fewer eligible free seats than the quantity; {@code free} is the eligible free count. */
    record SoldOut(int free) implements SeatChoice {
    }

    /** Enough eligible free seats, but no block of the quantity, and the reserve asked for adjacent seats. */
    record NoAdjacent(int free) implements SeatChoice {
    }
}
