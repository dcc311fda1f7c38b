package dev.holdfast.contracts.command;

import java.util.Locale;

/**
 * Why the reservation worker rejected a command. The wire code is what the HTTP API reports as {@code code}; the
 * status and title are those of its problem document.
 */
public enum Rejection {
    SOLD_OUT(409, "Sold out"),
    LIMIT_EXCEEDED(409, "Ticket limit exceeded"),
    ALREADY_PURCHASED(409, "Already purchased"),
    NOT_HELD(409, "Reservation not held"),
    HOLD_EXPIRED(410, "Hold expired"),
    CAPACITY_CONFLICT(409, "Capacity conflict"),
    EXTENSION_LIMIT(409, "Extension limit reached"),
    ALREADY_WAITING(409, "Already waiting"),
    NOT_WAITING(409, "Not waiting"),
    /** Enough seats are free in a seated section, but not side by side, and the reserve asked for adjacent seats. */
    NO_ADJACENT_SEATS(409, "No adjacent seats"),
    /** A picked seat is held, sold, blocked or unknown; the outcome names them. */
    SEATS_UNAVAILABLE(409, "Seats unavailable"),
    /** The command names something the worker cannot find (an event, section, reservation or waiting-list entry). */
    NOT_FOUND(404, "Not found"),
    /** The command failed every time it was applied and was set aside on the dead-letter topic. */
    INTERNAL_ERROR(500, "Internal error");

    private final int status;
    private final String title;

    Rejection(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static Rejection fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
