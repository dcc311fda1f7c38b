package dev.holdfast.contracts;

/**
 * The PostgreSQL {@code LISTEN/NOTIFY} channel on which the reservation worker announces the outcomes of each
 * committed batch. Each payload lists request ids separated by commas, at most {@link #IDS_PER_NOTIFICATION} (a
 * payload must stay under 8000 bytes); a listener reads the outcomes it waits for from the {@code requests} table,
 * by primary key. An empty payload means "read everything you wait for".
 */
public final class OutcomeChannel {

    public static final String NAME = "holdfast_outcomes";

    /** 200 ids of 36 characters and their commas: 7,400 bytes, under PostgreSQL's limit of 8,000. */
    public static final int IDS_PER_NOTIFICATION = 200;

    private OutcomeChannel() {
    }
}
