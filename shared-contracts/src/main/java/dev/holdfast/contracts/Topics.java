package dev.holdfast.contracts;

/**
 * The Kafka topics of Holdfast and how their records are keyed. Every command and every reservation change is keyed
 * by its event id, so that one partition, and therefore one consumer thread, sees all records of an event in order.
 */
public final class Topics {

    /** Commands for the reservation worker, written by the gateway and the expiry worker. */
    public static final String RESERVATION_COMMANDS = "reservation-commands";

    /** Committed state changes for downstream services (transactional outbox, at least once). */
    public static final String RESERVATION_EVENTS = "reservation-events";

    /** Commands that could not be parsed or applied after retries; the reason travels in the record headers. */
    public static final String RESERVATION_COMMANDS_DLT = deadLettersOf(RESERVATION_COMMANDS);

    private Topics() {
    }

    /** The dead-letter topic of a command topic (a benchmark's worker consumes a topic of its own). */
    public static String deadLettersOf(String commandsTopic) {
        return commandsTopic + ".DLT";
    }

    /** The record key of everything that concerns {@code eventId}: the id as a decimal string. */
    public static String key(long eventId) {
        return Long.toString(eventId);
    }
}
