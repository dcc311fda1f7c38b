package dev.holdfast.gateway.event;

import dev.holdfast.contracts.SeatIds;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.validation.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a seated section's {@code seating} as an event is created (API.md, "Creating a seated section"), and
 * the rows it becomes: every seat available, blocked ones {@code B}, accessible places marked {@code w}.
 */
final class SeatingRules {

    static final int MAX_ROWS = 200;
    static final int MAX_SEATS_PER_ROW = 200;
    /** Past this many bad seat ids in one list, the rest are counted rather than named: the answer stays small. */
    private static final int NAMED_PROBLEMS = 10;

    /** A seated section as the client describes it. */
    record Seating(@Schema(description = "1 to 200 rows, front to back: the first is the best") List<Row> rows,
                   @Schema(description = "Wheelchair places, by id (`A-1`): given only to reserves that ask for "
                           + "them") List<String> accessible,
                   @Schema(description = "Seats never sold, by id; not counted in the capacity") List<String> blocked) {
    }

    /** A row: its label, its number of seats, and the seat numbers an aisle follows. */
    @Schema(name = "SeatingRow", description = "A row of a seated section as the client describes it")
    record Row(@Schema(description = "The row's label, `[A-Z0-9]{1,4}`, unique in the section") String row,
               @Schema(description = "1 to 200 seats, numbered 1..n from left to right") Integer seats,
               @Schema(description = "Seat numbers (1..n-1) after which an aisle breaks the row")
               List<Integer> aisleAfter) {
    }

    /** The rows of a valid seating, front to back, and its capacity: the seats not blocked. */
    record Layout(List<EventRepository.NewRow> rows, int capacity) {
    }

    private SeatingRules() {
    }

    /**
     * The rows of a valid seating, front to back, with the number of seats that may be sold; or null after adding
     * every problem to {@code errors}, under its nested path ({@code sections[0].seating.}).
     */
    static Layout layout(Seating seating, Errors errors) {
        boolean valid = true;
        List<Row> rows = seating.rows();
        if (rows == null || rows.isEmpty()) {
            errors.rejectValue("rows", "required", "is required: at least one row");
            return null;
        }
        if (rows.size() > MAX_ROWS) {
            errors.rejectValue("rows", "size", "at most %d rows".formatted(MAX_ROWS));
            return null;
        }
        Map<String, Integer> seatsByLabel = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String row = "rows[%d]".formatted(i);
            if (rows.get(i) == null) {
                errors.rejectValue(row, "object", "must be an object");
                valid = false;
                continue;
            }
            errors.pushNestedPath(row);
            valid &= validRow(rows.get(i), seatsByLabel, errors);
            errors.popNestedPath();
        }
        if (!valid) {
            // which seats exist is unknown while a row is wrong: the seat lists are judged once the rows are right
            return null;
        }
        Set<String> accessible = seatSet("accessible", seating.accessible(), seatsByLabel, errors);
        Set<String> blocked = seatSet("blocked", seating.blocked(), seatsByLabel, errors);
        if (accessible == null || blocked == null) {
            return null;
        }
        List<String> both = accessible.stream().filter(blocked::contains).toList();
        if (!both.isEmpty()) {
            reject(errors, "blocked", both, " is also accessible: a place is either accessible or blocked");
            return null;
        }
        List<EventRepository.NewRow> newRows = new ArrayList<>();
        for (Row row : rows) {
            char[] statuses = new char[row.seats()];
            char[] places = new char[row.seats()];
            Arrays.fill(statuses, 'A');
            Arrays.fill(places, '.');
            for (int number = 1; number <= row.seats(); number++) {
                String id = SeatIds.of(row.row(), number);
                if (blocked.contains(id)) {
                    statuses[number - 1] = 'B';
                }
                if (accessible.contains(id)) {
                    places[number - 1] = 'w';
                }
            }
            List<Integer> aisles = row.aisleAfter() == null ? List.of()
                    : row.aisleAfter().stream().sorted().toList();
            newRows.add(new EventRepository.NewRow(row.row(), aisles, new String(statuses), new String(places)));
        }
        int seats = rows.stream().mapToInt(Row::seats).sum();
        return new Layout(newRows, seats - blocked.size());
    }

    /** A row with a label no row before it has, 1 to 200 seats and its aisles; errors under {@code errors}' path. */
    private static boolean validRow(Row row, Map<String, Integer> seatsByLabel, Errors errors) {
        boolean valid = true;
        if (row.row() == null) {
            errors.rejectValue("row", "required", "is required");
            valid = false;
        } else if (!SeatIds.ROW_LABEL.matcher(row.row()).matches()) {
            errors.rejectValue("row", "pattern", "must match [A-Z0-9]{1,4}");
            valid = false;
        } else if (seatsByLabel.containsKey(row.row())) {
            errors.rejectValue("row", "duplicate", "duplicates another row's label");
            valid = false;
        }
        if (row.seats() == null) {
            errors.rejectValue("seats", "required", "is required");
            return false;
        }
        if (row.seats() < 1 || row.seats() > MAX_SEATS_PER_ROW) {
            errors.rejectValue("seats", "range", "must be between 1 and %d".formatted(MAX_SEATS_PER_ROW));
            return false;
        }
        if (valid) {
            seatsByLabel.put(row.row(), row.seats());
        }
        return validAisles(row.aisleAfter(), row.seats(), errors) && valid;
    }

    /** Aisles fall between seats: after seat 1 at the earliest, before the last seat at the latest, each once. */
    private static boolean validAisles(List<Integer> aisleAfter, int seats, Errors errors) {
        if (aisleAfter == null) {
            return true;
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer number : aisleAfter) {
            if (number == null || number < 1 || number > seats - 1) {
                errors.rejectValue("aisleAfter", "range", seats == 1 ? "must be empty: a row of one seat has no aisle"
                        : "must hold seat numbers between 1 and %d (the row's seats less one)".formatted(seats - 1));
                return false;
            }
            if (!seen.add(number)) {
                errors.rejectValue("aisleAfter", "duplicate", "names seat %d twice".formatted(number));
                return false;
            }
        }
        return true;
    }

    /** The seats a list names, each once and each in the section; or null after adding its problems. */
    private static Set<String> seatSet(String field, List<String> ids, Map<String, Integer> seatsByLabel,
                                       Errors errors) {
        if (ids == null) {
            return Set.of();
        }
        Set<String> seats = new LinkedHashSet<>();
        List<String> malformed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (String id : ids) {
            if (!SeatIds.isWellFormed(id)) {
                malformed.add(String.valueOf(id));
            } else if (SeatIds.number(id) > seatsByLabel.getOrDefault(SeatIds.row(id), 0)) {
                unknown.add(id);
            } else if (!seats.add(id)) {
                repeated.add(id);
            }
        }
        reject(errors, field, malformed, " is not a seat id such as A-12");
        reject(errors, field, unknown, " is not a seat of the section");
        reject(errors, field, List.copyOf(repeated), " is named more than once");
        return malformed.isEmpty() && unknown.isEmpty() && repeated.isEmpty() ? seats : null;
    }

    private static void reject(Errors errors, String field, List<String> ids, String problem) {
        for (int i = 0; i < Math.min(ids.size(), NAMED_PROBLEMS); i++) {
            errors.rejectValue(field, "seat", ids.get(i) + problem);
        }
        if (ids.size() > NAMED_PROBLEMS) {
            errors.rejectValue(field, "seat", "and %d more: each%s".formatted(ids.size() - NAMED_PROBLEMS, problem));
        }
    }
}
