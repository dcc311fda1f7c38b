package dev.holdfast.contracts;

/**
 * The PostgreSQL {@code LISTEN/NOTIFY} channel on which the reservation worker announces each committed batch of
 * outcomes. The payload is empty: a listener reads the outcomes it waits for from the {@code requests} table.
 */
public final class OutcomeChannel {

    public static final String NAME = "holdfast_outcomes";

    private OutcomeChannel() {
    }
}
