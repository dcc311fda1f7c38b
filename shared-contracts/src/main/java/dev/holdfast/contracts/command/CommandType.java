package dev.holdfast.contracts.command;

import java.util.Locale;

/**
 * The kinds of command, as named in request documents, in the {@code requests} table and in the JSON {@code type}.
 * Append new kinds at the end: the gateway writes the ordinal into request ids.
 */
public enum CommandType {
    RESERVE, PURCHASE, CANCEL, RELEASE, CAPACITY, EXTEND, WAITLIST_JOIN, WAITLIST_LEAVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandType fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
