package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.Validator;

import java.util.List;

/** What never changes about an event once created: enough to validate a command without a database read. */
public record EventShape(long id, List<String> sectionCodes) {

    /** What a reserve or a waiting-list join asks for: tickets of one section. */
    public record Tickets(String section, int quantity) {
    }

    /**
     * The tickets a reserve or a waiting-list join asks for: {@code quantity} (1 when absent, at most 100) of the
     * named section, or of the only one.
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 naming every field in error
     */
    public Tickets tickets(Integer quantity, String section) {
        int count = quantity == null ? 1 : quantity;
        return new Tickets(sectionOf(section, new Validator().range("quantity", count, 1, 100)), count);
    }

    public boolean hasSection(String code) {
        return sectionCodes.contains(code);
    }

    /**
     * The section a command names, or the only one when it names none, validated along with what the caller has
     * already checked.
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 with every error of {@code validator} and the section's
     */
    public String sectionOf(String named, Validator validator) {
        String section = named == null && sectionCodes.size() == 1 ? sectionCodes.get(0) : named;
        if (section == null) {
            validator.reject("section", "is required: the event has sections " + sectionCodes);
        } else if (!hasSection(section)) {
            validator.reject("section", "is not a section of the event; it has " + sectionCodes);
        }
        validator.validate();
        return section;
    }
}
