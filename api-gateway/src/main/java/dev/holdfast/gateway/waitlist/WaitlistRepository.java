package dev.holdfast.gateway.waitlist;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.holdfast.gateway.jdbc.Columns.instant;

@Repository
public class WaitlistRepository {

    /**
     * The columns of an entry document from table alias {@code w}, its {@code waitlist_entry_} prefixed so that it
     * can share a row with a reservation. The position counts the section's waiting entries up to this one, on the
     * partial index of the queue.
     */
    public static final String DOCUMENT_COLUMNS = """
            w.id as waitlist_entry_id_, w.event_id as waitlist_entry_event_id, w.section_code as waitlist_entry_section,
            w.quantity as waitlist_entry_quantity, w.status as waitlist_entry_status,
            case when w.status = 'waiting' then
                (select count(*) from waitlist_entries a
                  where a.event_id = w.event_id and a.section_code = w.section_code and a.status = 'waiting'
                    and a.join_order <= w.join_order) end as waitlist_entry_position,
            w.reservation_id as waitlist_entry_reservation_id, w.created_at as waitlist_entry_created_at,
            w.offered_at as waitlist_entry_offered_at, w.left_at as waitlist_entry_left_at""";

    public static final RowMapper<WaitlistEntryDocument> DOCUMENT = WaitlistRepository::document;

    /** Who owns an entry and which event it belongs to: facts that never change. */
    record Ownership(long eventId, long userId) {
    }

    private final JdbcTemplate jdbc;

    WaitlistRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WaitlistEntryDocument> find(UUID id, long userId) {
        return jdbc.query("select " + DOCUMENT_COLUMNS + " from waitlist_entries w where w.id = ? and w.user_id = ?",
                DOCUMENT, id, userId).stream().findFirst();
    }

    Optional<Ownership> ownership(UUID id) {
        return jdbc.query("select event_id, user_id from waitlist_entries where id = ?",
                (rs, row) -> new Ownership(rs.getLong(1), rs.getLong(2)), id).stream().findFirst();
    }

    /** The user's entries, newest first, optionally of one event and in one status. */
    List<WaitlistEntryDocument> list(long userId, Long eventId, String status, int limit) {
        return jdbc.query("""
                        select %s from waitlist_entries w
                         where w.user_id = ? and (?::bigint is null or w.event_id = ?)
                           and (?::text is null or w.status = ?)
                         order by w.created_at desc, w.id
                         limit ?""".formatted(DOCUMENT_COLUMNS),
                DOCUMENT, userId, eventId, eventId, status, status, limit);
    }

    private static WaitlistEntryDocument document(ResultSet rs, int row) throws SQLException {
        return new WaitlistEntryDocument(rs.getObject("waitlist_entry_id_", UUID.class),
                rs.getLong("waitlist_entry_event_id"), rs.getString("waitlist_entry_section"),
                rs.getInt("waitlist_entry_quantity"), rs.getString("waitlist_entry_status"),
                rs.getObject("waitlist_entry_position", Long.class),
                rs.getObject("waitlist_entry_reservation_id", UUID.class),
                instant(rs, "waitlist_entry_created_at"), instant(rs, "waitlist_entry_offered_at"),
                instant(rs, "waitlist_entry_left_at"));
    }
}
