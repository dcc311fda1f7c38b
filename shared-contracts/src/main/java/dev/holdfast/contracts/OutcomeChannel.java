package dev.holdfast.contracts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The PostgreSQL {@code LISTEN/NOTIFY} channel on which the reservation worker announces the outcomes of each
 * committed batch. A payload is lines separated by {@code '\n'}, each one outcome: its request id, then, when the
 * outcome travels with it, a space and the outcome as a {@link SettledOutcome} JSON object. A listener completes its
 * waiters from the outcomes carried, and reads the others from the {@code requests} table by primary key. A line
 * without a space may list several request ids separated by commas (as workers did before outcomes were carried).
 * An empty payload means "read everything you wait for".
 *
 * <p>PostgreSQL refuses a payload of 8,000 bytes or more: {@link #payloads} packs lines under
 * {@link #MAX_PAYLOAD_BYTES}, and an outcome too long to travel at all goes as its id alone.
 */
public final class OutcomeChannel {

    public static final String NAME = "holdfast_outcomes";

    /** Under PostgreSQL's limit of 8,000 bytes a payload, in UTF-8. */
    public static final int MAX_PAYLOAD_BYTES = 7_900;

    /** One outcome of a notification: its request id, and the outcome's JSON when it is carried (else null). */
    public record Line(UUID requestId, String carried) {

        /** An outcome announced by its id alone: the listener reads it from the database. */
        public static Line idOnly(UUID requestId) {
            return new Line(requestId, null);
        }
    }

    private OutcomeChannel() {
    }

    /**
     * The payloads of these outcomes, in order, each under {@link #MAX_PAYLOAD_BYTES}. A carried outcome that would not
     * fit in a payload of its own goes as its id alone.
     */
    public static List<String> payloads(List<Line> lines) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0;
        for (Line line : lines) {
            String text = line.requestId().toString();
            int length = text.length();
            if (line.carried() != null) {
                int carriedBytes = line.carried().getBytes(StandardCharsets.UTF_8).length;
                if (length + 1 + carriedBytes <= MAX_PAYLOAD_BYTES) {
                    text = text + ' ' + line.carried();
                    length += 1 + carriedBytes;
                }
            }
            int separator = payload.isEmpty() ? 0 : 1;
            if (bytes + separator + length > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
                bytes = 0;
                separator = 0;
            }
            if (separator == 1) {
                payload.append('\n');
            }
            payload.append(text);
            bytes += separator + length;
        }
        if (!payload.isEmpty()) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /**
     * The outcomes a payload announces, in order. What is not a request id (somebody else's notification on the
     * channel) is left out; an empty payload has no lines.
     */
    public static List<Line> lines(String payload) {
        List<Line> lines = new ArrayList<>();
        if (payload == null) {
            return lines;
        }
        int start = 0;
        while (start < payload.length()) {
            int end = payload.indexOf('\n', start);
            if (end < 0) {
                end = payload.length();
            }
            int space = payload.indexOf(' ', start);
            if (space >= 0 && space < end) {
                UUID requestId = requestId(payload.substring(start, space));
                if (requestId != null) {
                    lines.add(new Line(requestId, payload.substring(space + 1, end)));
                }
            } else {
                for (String id : payload.substring(start, end).split(",")) {
                    UUID requestId = requestId(id);
                    if (requestId != null) {
                        lines.add(Line.idOnly(requestId));
                    }
                }
            }
            start = end + 1;
        }
        return lines;
    }

    private static UUID requestId(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
