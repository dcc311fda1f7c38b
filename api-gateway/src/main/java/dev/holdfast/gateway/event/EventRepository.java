package dev.holdfast.gateway.event;

import dev.holdfast.gateway.event.EventDocument.SectionDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Repository
public class EventRepository {

    record NewSection(String code, String name, int capacity) {
    }

    private final JdbcTemplate jdbc;

    EventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The gateway's only inventory write: a new event has no contention, so it needs no command. */
    @Transactional
    long create(String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser, List<NewSection> sections) {
        Long id = jdbc.queryForObject("""
                        insert into events (name, starts_at, hold_seconds, max_tickets_per_user)
                        values (?, ?, ?, ?) returning id""", Long.class,
                name, startsAt == null ? null : Timestamp.from(startsAt), holdSeconds, maxTicketsPerUser);
        List<Object[]> rows = new ArrayList<>();
        for (int position = 0; position < sections.size(); position++) {
            NewSection section = sections.get(position);
            rows.add(new Object[]{id, section.code(), section.name(), position, section.capacity(),
                    section.capacity()});
        }
        jdbc.batchUpdate("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold)
                values (?, ?, ?, ?, ?, ?, 0, 0)""", rows);
        return id;
    }

    public Optional<EventDocument> find(long id) {
        return page(id - 1, 1).stream().filter(event -> event.id() == id).findFirst();
    }

    /** Events with an id above {@code afterId}, in id order; sections and counters read in one snapshot. */
    List<EventDocument> page(long afterId, int limit) {
        Map<Long, List<SectionDocument>> sections = new LinkedHashMap<>();
        List<Object[]> events = new ArrayList<>();
        jdbc.query("""
                        with page as (select * from events where id > ? order by id limit ?)
                        select p.id, p.name, p.starts_at, p.hold_seconds, p.max_tickets_per_user, p.created_at,
                               s.code, s.name as section_name, s.capacity, s.available, s.held, s.sold
                          from page p join sections s on s.event_id = p.id
                         order by p.id, s.position""",
                rs -> {
                    long id = rs.getLong("id");
                    if (!sections.containsKey(id)) {
                        sections.put(id, new ArrayList<>());
                        events.add(new Object[]{id, rs.getString("name"), instant(rs.getTimestamp("starts_at")),
                                rs.getInt("hold_seconds"), rs.getObject("max_tickets_per_user", Integer.class),
                                instant(rs.getTimestamp("created_at"))});
                    }
                    sections.get(id).add(new SectionDocument(rs.getString("code"), rs.getString("section_name"),
                            rs.getInt("capacity"), rs.getInt("available"), rs.getInt("held"), rs.getInt("sold")));
                }, afterId, limit);
        return events.stream().map(e -> EventDocument.of((long) e[0], (String) e[1], (Instant) e[2], (int) e[3],
                (Integer) e[4], sections.get((long) e[0]), (Instant) e[5])).toList();
    }

    Optional<EventShape> shape(long id) {
        List<String> codes = jdbc.queryForList("select code from sections where event_id = ? order by position",
                String.class, id);
        return codes.isEmpty() ? Optional.empty() : Optional.of(new EventShape(id, List.copyOf(codes)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
