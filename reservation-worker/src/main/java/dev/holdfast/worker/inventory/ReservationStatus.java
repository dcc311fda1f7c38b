package dev.holdfast.worker.inventory;

import java.util.Locale;

public enum ReservationStatus {
    HELD, PURCHASED, CANCELLED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReservationStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
