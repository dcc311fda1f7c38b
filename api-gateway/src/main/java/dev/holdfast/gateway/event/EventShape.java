package dev.holdfast.gateway.event;

import java.util.List;

/** What never changes about an event once created: enough to validate a command without a database read. */
public record EventShape(long id, List<String> sectionCodes) {

    public boolean hasSection(String code) {
        return sectionCodes.contains(code);
    }

    /** The section a reservation without {@code section} means, when the event has exactly one. */
    public String onlySection() {
        return sectionCodes.size() == 1 ? sectionCodes.get(0) : null;
    }
}
