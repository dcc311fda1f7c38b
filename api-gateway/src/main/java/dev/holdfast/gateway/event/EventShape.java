package dev.holdfast.gateway.event;

import dev.holdfast.contracts.SeatIds;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.validation.Errors;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** What a waiting-list join asks for: tickets of one section. */
    public record Tickets(String section, int quantity) {
    }

    /**
     * What a reserve asks for: {@code quantity} tickets of one section and, in a seated section, either the seats
     * picked or how best available chooses them ({@code adjacent}, {@code accessible}; null: the default). The three
     * seat fields are null in a general-admission section.
     */
    public record Reserve(String section, int quantity, List<String> seats, Boolean adjacent, Boolean accessible) {
    }

    public EventShape {
        sections = List.copyOf(sections);
    }

    public List<String> sectionCodes() {
        return sections.stream().map(Section::code).toList();
    }

    /**
     * What a reserve asks for, as this event can give it (API.md v1.2, "Reserving seats"): {@code quantity} (1 when
     * absent; with {@code seats}, their number, and a different {@code quantity} is an error of its own) of the named
     * section, or of the only one; each seat picked once; the seat options only in a seated section. The body's own
     * rules (quantity 1 to 100, 1 to 100 well-formed seat ids, no seat options with seats) were checked before, into
     * {@code errors}. Whether a well-formed seat is in the section is the worker's to say ({@code seats_unavailable}).
     *
     * @throws ApiException 422 with every error of {@code errors} and this event's
     */
    public Reserve reserve(Integer quantity, String section, List<String> seats, Boolean adjacent,
                           Boolean accessible, Errors errors) {
        int count = seats == null ? (quantity == null ? 1 : quantity) : seats.size();
        if (seats != null && quantity != null && quantity != count && !errors.hasFieldErrors("quantity")) {
            errors.rejectValue("quantity", "seats", "must equal the number of seats picked (%d), or be left out"
                    .formatted(count));
        }
        if (seats != null && !errors.hasFieldErrors("seats")) {
            Set<String> distinct = new HashSet<>();
            for (String seat : seats) {
                if (SeatIds.isWellFormed(seat) && !distinct.add(seat)) {
                    errors.rejectValue("seats", "duplicate", "names %s more than once".formatted(seat));
                }
            }
        }
        String named = resolve(section, errors);
        if (named != null && hasSection(named) && !isSeated(named)) {
            String generalAdmission = "is only for a seated section; '%s' is general admission".formatted(named);
            rejectIfGiven(errors, "seats", seats, generalAdmission);
            rejectIfGiven(errors, "adjacent", adjacent, generalAdmission);
            rejectIfGiven(errors, "accessible", accessible, generalAdmission);
        }
        throwIfAny(errors);
        return new Reserve(named, count, seats, adjacent, accessible);
    }

    private static void rejectIfGiven(Errors errors, String field, Object value, String message) {
        if (value != null) {
            errors.rejectValue(field, "seated", message);
        }
    }

    /**
     * The tickets a waiting-list join asks for, as a reserve's, and only a quantity that could ever be served:
     * no more than the section's capacity and no more than {@code maxTicketsPerUser}. An entry that asks for more
     * would wait at the head of its section forever and hold back every entry behind it.
     *
     * @throws ApiException 422 with every error of {@code errors} (the body's own, checked before) and this event's
     */
    public Tickets waitingListTickets(Integer quantity, String section, Errors errors) {
        int count = quantity == null ? 1 : quantity;
        Section asked = section(section == null && sections.size() == 1 ? sections.get(0).code() : section);
        if (asked != null && count > asked.capacity()) {
            errors.rejectValue("quantity", "capacity", ("must be at most the section's capacity (%d): more could "
                    + "never be offered").formatted(asked.capacity()));
        }
        if (maxTicketsPerUser != null && count > maxTicketsPerUser) {
            errors.rejectValue("quantity", "limit", ("must be at most the event's maxTicketsPerUser (%d): more could "
                    + "never be offered").formatted(maxTicketsPerUser));
        }
        String named = resolve(section, errors);
        throwIfAny(errors);
        return new Tickets(named, count);
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

    /** The section a command names, or the only one when it names none; its problems added to {@code errors}. */
    private String resolve(String named, Errors errors) {
        String section = named == null && sections.size() == 1 ? sections.get(0).code() : named;
        if (section == null) {
            errors.rejectValue("section", "required", "is required: the event has sections " + sectionCodes());
        } else if (!hasSection(section)) {
            errors.rejectValue("section", "unknown", "is not a section of the event; it has " + sectionCodes());
        }
        return section;
    }

    private static void throwIfAny(Errors errors) {
        if (errors.hasErrors()) {
            throw ApiException.validation(errors);
        }
    }
}
