package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.Validator;

import java.util.List;

/**
 * What the submit path needs to know of an event to validate a command without a database read: its sections, in
 * order, and {@code maxTicketsPerUser} (null: no limit). Codes and the limit never change once the event exists;
 * a section's capacity may (a capacity command), so the catalog re-reads it.
 */
public record EventShape(long id, List<Section> sections, Integer maxTicketsPerUser) {

    /** A section's code, its capacity when the shape was read, and whether it is seated (which never changes). */
    public record Section(String code, int capacity, boolean seated) {

        /** A general-admission section. */
        public Section(String code, int capacity) {
            this(code, capacity, false);
        }
    }

    /** What a reserve or a waiting-list join asks for: tickets of one section. */
    public record Tickets(String section, int quantity) {
    }

    public EventShape {
        sections = List.copyOf(sections);
    }

    public List<String> sectionCodes() {
        return sections.stream().map(Section::code).toList();
    }

    /**
     * The tickets a reserve asks for: {@code quantity} (1 when absent, at most 100) of the named section, or of the
     * only one.
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 naming every field in error
     */
    public Tickets tickets(Integer quantity, String section) {
        int count = quantity == null ? 1 : quantity;
        return new Tickets(sectionOf(section, new Validator().range("quantity", count, 1, 100)), count);
    }

    /**
     * The tickets a waiting-list join asks for, as {@link #tickets}, and only a quantity that could ever be served:
     * no more than the section's capacity and no more than {@code maxTicketsPerUser}. An entry that asks for more
     * would wait at the head of its section forever and hold back every entry behind it.
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 naming every field in error
     */
    public Tickets waitingListTickets(Integer quantity, String section) {
        int count = quantity == null ? 1 : quantity;
        Validator validator = new Validator().range("quantity", count, 1, 100);
        Section named = section(section == null && sections.size() == 1 ? sections.get(0).code() : section);
        if (named != null && count > named.capacity()) {
            validator.reject("quantity", "must be at most the section's capacity (%d): more could never be offered"
                    .formatted(named.capacity()));
        }
        if (maxTicketsPerUser != null && count > maxTicketsPerUser) {
            validator.reject("quantity", "must be at most the event's maxTicketsPerUser (%d): more could never be offered"
                    .formatted(maxTicketsPerUser));
        }
        return new Tickets(sectionOf(section, validator), count);
    }

    public boolean hasSection(String code) {
        return section(code) != null;
    }

    /** Whether the section of this code exists and is seated. */
    public boolean isSeated(String code) {
        Section section = section(code);
        return section != null && section.seated();
    }

    private Section section(String code) {
        for (Section section : sections) {
            if (section.code().equals(code)) {
                return section;
            }
        }
        return null;
    }

    /**
     * The section a command names, or the only one when it names none, validated along with what the caller has
     * already checked.
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 with every error of {@code validator} and the section's
     */
    public String sectionOf(String named, Validator validator) {
        String section = named == null && sections.size() == 1 ? sections.get(0).code() : named;
        if (section == null) {
            validator.reject("section", "is required: the event has sections " + sectionCodes());
        } else if (!hasSection(section)) {
            validator.reject("section", "is not a section of the event; it has " + sectionCodes());
        }
        validator.validate();
        return section;
    }
}
