package dev.holdfast.loadgen;

/** How the load generator shows its progress while a sale runs. */
enum Progress {
    /** A bar redrawn in place with carriage returns: only on a terminal. */
    BAR,
    /** One plain line every few seconds: for logs and pipes. */
    LINES,
    /** Nothing until the report. */
    OFF;

    /** A bar on a terminal, plain lines elsewhere, or nothing when asked for none. */
    static Progress choose(boolean wanted) {
        if (!wanted) {
            return OFF;
        }
        return System.console() != null ? BAR : LINES;
    }
}
