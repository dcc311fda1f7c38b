package dev.holdfast.contracts;

import java.util.regex.Pattern;

/**
 * The form of a seat's id, {@code <row>-<number>} ({@code "A-12"}): a row label of 1..4 capital letters or digits,
 * and a seat number from 1 without a leading zero. The gateway validates picked seats with it and the worker refuses
 * commands whose seats do not have this form.
 */
public final class SeatIds {

    /** The most seats one reserve may pick, as for {@code quantity}. */
    public static final int MAX_PICKED = 100;
    /** A row label: what a seated section's rows are named. */
    public static final Pattern ROW_LABEL = Pattern.compile("[A-Z0-9]{1,4}");
    private static final Pattern SEAT_ID = Pattern.compile("([A-Z0-9]{1,4})-([1-9][0-9]{0,2})");

    private SeatIds() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && SEAT_ID.matcher(id).matches();
    }

    public static String of(String row, int number) {
        return row + "-" + number;
    }

    /** The row label of a well-formed id. */
    public static String row(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }

    /** The seat number of a well-formed id. */
    public static int number(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }
}
