package dev.holdfast.worker.inventory;

import java.util.Locale;

public enum WaitlistStatus {
    WAITING, OFFERED, LEFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WaitlistStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
