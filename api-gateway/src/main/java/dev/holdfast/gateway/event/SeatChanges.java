package dev.holdfast.gateway.event;

import dev.holdfast.contracts.SeatIds;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stream says of a seated section between two readings of its rows: each seat whose letter changed, with
 * its letter now, in row and seat order. Two readings a coalescing window apart give one message per changed
 * section that holds each seat's latest letter; a seat that changed and changed back in between is not in it.
 */
final class SeatChanges {

    /** One row of a section as read: its label and one letter per seat. */
    record Row(String label, String statuses) {
    }

    private SeatChanges() {
    }

    /** The seats whose letter differs from {@code before} to {@code after}, with their letter in {@code after}. */
    static Map<String, String> between(List<Row> before, List<Row> after) {
        Map<String, String> earlier = new HashMap<>();
        for (Row row : before) {
            earlier.put(row.label(), row.statuses());
        }
        Map<String, String> changed = new LinkedHashMap<>();
        for (Row row : after) {
            String was = earlier.getOrDefault(row.label(), "");
            String now = row.statuses();
            for (int seat = 0; seat < now.length(); seat++) {
                if (seat >= was.length() || was.charAt(seat) != now.charAt(seat)) {
                    changed.put(SeatIds.of(row.label(), seat + 1), String.valueOf(now.charAt(seat)));
                }
            }
        }
        return changed;
    }
}
