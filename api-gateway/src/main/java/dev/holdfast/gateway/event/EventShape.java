package dev.holdfast.gateway.event;

import dev.holdfast.contracts.SeatIds;
import dev.holdfast.gateway.problem.Validator;

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
     * What a reserve asks for: {@code quantity} (1 when absent, at most 100) of the named section, or of the only
     * one, with its seat options (API.md v1.2, "Reserving seats"): {@code seats}
     * holds 1..100 distinct seat ids and then sets the quantity (a different {@code quantity} is an error of its
     * own); {@code seats} excludes {@code adjacent} and {@code accessible}; none of the three is for a
     * general-admission section. Whether a well-formed seat is in the section is the worker's to say
     * ({@code seats_unavailable}).
     *
     * @throws dev.holdfast.gateway.problem.ApiException 422 naming every field in error
     */
    public Reserve reserve(Integer quantity, String section, List<String> seats, Boolean adjacent,
                           Boolean accessible) {
        Validator validator = new Validator();
        int count;
        if (seats == null) {
            count = quantity == null ? 1 : quantity;
            validator.range("quantity", count, 1, 100);
        } else {
            count = seats.size();
            validator.range("quantity", quantity, 1, 100);
            if (quantity != null && quantity != count && quantity >= 1 && quantity <= 100) {
                validator.reject("quantity", "must equal the number of seats picked (%d), or be left out"
                        .formatted(count));
            }
            pickedSeats(seats, validator);
            validator.check("adjacent", adjacent == null, "cannot be given with seats: picked seats are held as "
                    + "they are")
                    .check("accessible", accessible == null, "cannot be given with seats: picked seats are held as "
                            + "they are");
        }
        String named = resolve(section, validator);
        if (named != null && hasSection(named) && !isSeated(named)) {
            String generalAdmission = "is only for a seated section; '%s' is general admission".formatted(named);
            validator.check("seats", seats == null, generalAdmission)
                    .check("adjacent", adjacent == null, generalAdmission)
                    .check("accessible", accessible == null, generalAdmission);
        }
        validator.validate();
        return new Reserve(named, count, seats, adjacent, accessible);
    }

    private static void pickedSeats(List<String> seats, Validator validator) {
        if (seats.isEmpty() || seats.size() > SeatIds.MAX_PICKED) {
            validator.reject("seats", "must hold 1 to %d seat ids".formatted(SeatIds.MAX_PICKED));
            return;
        }
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < seats.size(); i++) {
            String seat = seats.get(i);
            if (!SeatIds.isWellFormed(seat)) {
                validator.reject("seats[%d]".formatted(i), "must be a seat id such as A-12: a row label of 1 to 4 "
                        + "capital letters or digits, a dash, and a seat number without a leading zero");
            } else if (!distinct.add(seat)) {
                validator.reject("seats", "names %s more than once".formatted(seat));
            }
        }
    }

    /**
     * The tickets a waiting-list join asks for, as a reserve's, and only a quantity that could ever be served:
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
        String section = resolve(named, validator);
        validator.validate();
        return section;
    }

    /** The section a command names, or the only one when it names none; its problems added to {@code validator}. */
    private String resolve(String named, Validator validator) {
        String section = named == null && sections.size() == 1 ? sections.get(0).code() : named;
        if (section == null) {
            validator.reject("section", "is required: the event has sections " + sectionCodes());
        } else if (!hasSection(section)) {
            validator.reject("section", "is not a section of the event; it has " + sectionCodes());
        }
        return section;
    }
}
