package dev.holdfast.gateway.event;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A seated section's seats: one character per seat of each row, in seat order ({@code A} available, {@code H} held,
 * {@code S} sold, {@code B} blocked), rows front to back, with the counters of the same moment (they equal the
 * characters). {@code accessible} lists the wheelchair places in row and seat order.
 */
public record SeatMapDocument(long eventId, String section, int capacity, int available, int held, int sold,
                              List<Row> rows, List<String> accessible) {

    /** A row: its label, its seats' statuses, and the seat numbers an aisle follows. */
    @Schema(name = "SeatMapRow", description = "A row of a seat map: its label, one letter per seat (`A`, `H`, `S`, "
            + "`B`) in seat order, and the seat numbers an aisle follows")
    public record Row(String row, String seats, List<Integer> aisleAfter) {
    }

    public SeatMapDocument {
        rows = List.copyOf(rows);
        accessible = List.copyOf(accessible);
    }
}
