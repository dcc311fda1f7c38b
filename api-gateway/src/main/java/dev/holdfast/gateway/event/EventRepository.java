package dev.holdfast.gateway.event;

import dev.holdfast.contracts.SeatIds;
import dev.holdfast.gateway.event.EventDocument.SectionDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.holdfast.gateway.jdbc.Columns.instant;

@Repository
public class EventRepository {

    /** A section to create: general admission ({@code rows} null) or seated, its rows front to back. */
    record NewSection(String code, String name, int capacity, List<NewRow> rows) {

        NewSection(String code, String name, int capacity) {
            this(code, name, capacity, null);
        }

        boolean seated() {
            return rows != null;
        }
    }

    /**
     * A seat row as created: its label, the seat numbers an aisle follows, and one character per seat of its
     * statuses ({@code A} available, {@code B} blocked) and of its places ({@code w} accessible, {@code .} ordinary).
     */
    record NewRow(String label, List<Integer> aisleAfter, String statuses, String accessible) {
    }

    private final JdbcTemplate jdbc;

    EventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The gateway's only inventory write: a new event has no contention, so it needs no command. */
    @Transactional
    long create(String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser, int maxHoldExtensions,
                List<NewSection> sections) {
        Long id = jdbc.queryForObject("""
                        insert into events (name, starts_at, hold_seconds, max_tickets_per_user, max_hold_extensions)
                        values (?, ?, ?, ?, ?) returning id""", Long.class,
                name, startsAt == null ? null : Timestamp.from(startsAt), holdSeconds, maxTicketsPerUser,
                maxHoldExtensions);
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> seatRows = new ArrayList<>();
        for (int position = 0; position < sections.size(); position++) {
            NewSection section = sections.get(position);
            rows.add(new Object[]{id, section.code(), section.name(), position, section.capacity(),
                    section.capacity(), section.seated()});
            if (section.seated()) {
                for (int index = 0; index < section.rows().size(); index++) {
                    NewRow row = section.rows().get(index);
                    seatRows.add(new Object[]{id, section.code(), index, row.label(), smallintArray(row.aisleAfter()),
                            row.statuses(), row.accessible()});
                }
            }
        }
        jdbc.batchUpdate("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold, seated)
                values (?, ?, ?, ?, ?, ?, 0, 0, ?)""", rows);
        if (!seatRows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into seat_rows (event_id, section_code, row_index, label, aisle_after, statuses, accessible)
                    values (?, ?, ?, ?, ?::smallint[], ?, ?)""", seatRows);
        }
        return id;
    }

    /** An array literal ({@code {12,24}}): a batch parameter needs no connection to make it. */
    private static String smallintArray(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    public Optional<EventDocument> find(long id) {
        return page(id - 1, 1).stream().filter(event -> event.id() == id).findFirst();
    }

    /** Events with an id above {@code afterId}, in id order; sections and counters read in one snapshot. */
    List<EventDocument> page(long afterId, int limit) {
        record EventRow(long id, String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser,
                        int maxHoldExtensions, Instant createdAt) {
        }
        Map<Long, List<SectionDocument>> sections = new LinkedHashMap<>();
        List<EventRow> events = new ArrayList<>();
        jdbc.query("""
                        with page as (select * from events where id > ? order by id limit ?)
                        select p.id, p.name, p.starts_at, p.hold_seconds, p.max_tickets_per_user,
                               p.max_hold_extensions, p.created_at, s.code, s.name as section_name, s.capacity,
                               s.available, s.held, s.sold, s.waiting, s.seated
                          from page p join sections s on s.event_id = p.id
                         order by p.id, s.position""",
                rs -> {
                    long id = rs.getLong("id");
                    if (!sections.containsKey(id)) {
                        sections.put(id, new ArrayList<>());
                        events.add(new EventRow(id, rs.getString("name"), instant(rs, "starts_at"),
                                rs.getInt("hold_seconds"), rs.getObject("max_tickets_per_user", Integer.class),
                                rs.getInt("max_hold_extensions"), instant(rs, "created_at")));
                    }
                    sections.get(id).add(new SectionDocument(rs.getString("code"), rs.getString("section_name"),
                            rs.getBoolean("seated"), rs.getInt("capacity"), rs.getInt("available"),
                            rs.getInt("held"), rs.getInt("sold"), rs.getInt("waiting")));
                }, afterId, limit);
        return events.stream().map(e -> EventDocument.of(e.id(), e.name(), e.startsAt(), e.holdSeconds(),
                e.maxTicketsPerUser(), e.maxHoldExtensions(), sections.get(e.id()), e.createdAt())).toList();
    }

    /**
     * What the stream of an event sends: its document and, when it has seated sections, their rows, read in one
     * repeatable-read snapshot so that the seats and the counters are of one moment. Empty for an unknown event.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Optional<LiveEvent> live(long eventId) {
        return find(eventId).map(document -> {
            Map<String, List<SeatChanges.Row>> seats = new LinkedHashMap<>();
            if (document.sections().stream().anyMatch(SectionDocument::seated)) {
                jdbc.query("""
                                select r.section_code, r.label, r.statuses
                                  from seat_rows r join sections s on s.event_id = r.event_id and s.code = r.section_code
                                 where r.event_id = ?
                                 order by s.position, r.row_index""",
                        rs -> {
                            seats.computeIfAbsent(rs.getString("section_code"), code -> new ArrayList<>())
                                    .add(new SeatChanges.Row(rs.getString("label"), rs.getString("statuses")));
                        }, eventId);
            }
            return new LiveEvent(document, seats);
        });
    }

    /** An event as its stream sees it: the document, and the rows of each seated section by code. */
    record LiveEvent(EventDocument document, Map<String, List<SeatChanges.Row>> seats) {
    }

    /**
     * The seat map of a seated section: its counters and its rows read by one statement, so of one moment (the
     * counters equal the characters); empty when the event has no such section or it is general admission.
     */
    Optional<SeatMapDocument> seatMap(long eventId, String section) {
        List<SeatMapDocument.Row> rows = new ArrayList<>();
        List<String> accessible = new ArrayList<>();
        var found = jdbc.query("""
                        select s.capacity, s.available, s.held, s.sold, r.label, r.statuses, r.aisle_after,
                               r.accessible
                          from sections s join seat_rows r on r.event_id = s.event_id and r.section_code = s.code
                         where s.event_id = ? and s.code = ? and s.seated
                         order by r.row_index""",
                (rs, index) -> {
                    String label = rs.getString("label");
                    String places = rs.getString("accessible");
                    for (int seat = 0; seat < places.length(); seat++) {
                        if (places.charAt(seat) == 'w') {
                            accessible.add(SeatIds.of(label, seat + 1));
                        }
                    }
                    rows.add(new SeatMapDocument.Row(label, rs.getString("statuses"), integers(rs, "aisle_after")));
                    return new int[]{rs.getInt("capacity"), rs.getInt("available"), rs.getInt("held"),
                            rs.getInt("sold")};
                }, eventId, section);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int[] counters = found.get(0);
        return Optional.of(new SeatMapDocument(eventId, section, counters[0], counters[1], counters[2], counters[3],
                rows, accessible));
    }

    private static List<Integer> integers(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        try {
            return Arrays.stream((Object[]) array.getArray()).map(value -> ((Number) value).intValue()).toList();
        } finally {
            array.free();
        }
    }

    Optional<EventShape> shape(long id) {
        List<EventShape.Section> sections = new ArrayList<>();
        Integer[] maxTicketsPerUser = {null};
        jdbc.query("""
                        select s.code, s.capacity, s.seated, e.max_tickets_per_user
                          from sections s join events e on e.id = s.event_id
                         where s.event_id = ?
                         order by s.position""",
                rs -> {
                    sections.add(new EventShape.Section(rs.getString("code"), rs.getInt("capacity"),
                            rs.getBoolean("seated")));
                    maxTicketsPerUser[0] = rs.getObject("max_tickets_per_user", Integer.class);
                }, id);
        return sections.isEmpty() ? Optional.empty() : Optional.of(new EventShape(id, sections, maxTicketsPerUser[0]));
    }

}
