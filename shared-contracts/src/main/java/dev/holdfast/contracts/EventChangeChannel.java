package dev.holdfast.contracts;

/**
 * The PostgreSQL {@code LISTEN/NOTIFY} channel on which the reservation worker announces, once per committed batch,
 * the events whose counters changed: the payload is their ids, separated by commas. Gateways use it to push live
 * availability to watchers without polling the database per watcher.
 */
public final class EventChangeChannel {

    public static final String NAME = "holdfast_event_changes";

    /** 400 ids of up to 19 digits and their commas: 8,000 bytes at most, PostgreSQL's limit. */
    public static final int IDS_PER_NOTIFICATION = 400;

    private EventChangeChannel() {
    }
}
