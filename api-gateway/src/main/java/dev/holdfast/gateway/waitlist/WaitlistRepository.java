package dev.holdfast.gateway.waitlist;

import dev.holdfast.gateway.read.WaitlistEntryDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.holdfast.gateway.read.ReadModel.WAITLIST_ENTRY;
import static dev.holdfast.gateway.read.ReadModel.WAITLIST_ENTRY_COLUMNS;

@Repository
class WaitlistRepository {

    /** Who owns an entry and which event it belongs to: facts that never change. */
    record Ownership(long eventId, long userId) {
    }

    private final JdbcTemplate jdbc;

    WaitlistRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WaitlistEntryDocument> find(UUID id, long userId) {
        return jdbc.query("select " + WAITLIST_ENTRY_COLUMNS + " from waitlist_entries w where w.id = ? and w.user_id = ?",
                WAITLIST_ENTRY, id, userId).stream().findFirst();
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
                         limit ?""".formatted(WAITLIST_ENTRY_COLUMNS),
                WAITLIST_ENTRY, userId, eventId, eventId, status, status, limit);
    }
}
