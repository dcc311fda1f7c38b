package dev.holdfast.gateway.reservation;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.holdfast.gateway.jdbc.Columns.instant;

@Repository
public class ReservationRepository {

    /**
     * The columns of a reservation document from table alias {@code r}. A hold whose time is up reads
     * {@code expired} by the database clock (the one clock of every hold), before its release is applied too.
     */
    public static final String DOCUMENT_COLUMNS = """
            r.id, r.event_id, r.section_code, r.quantity,
            case when r.status = 'held' and r.expires_at <= now() then 'expired' else r.status end as status,
            r.expires_at, r.created_at, r.purchased_at, r.cancelled_at,
            case when r.status = 'held' and r.expires_at <= now() then r.expires_at else r.expired_at end
                as expired_at,
            r.payment_reference, r.extensions, r.waitlist_entry_id""";

    public static final RowMapper<ReservationDocument> DOCUMENT = ReservationRepository::document;

    /** Who owns a reservation and which event it belongs to: facts that never change. */
    public record Ownership(long eventId, long userId) {
    }

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ReservationDocument> find(UUID id, long userId) {
        return jdbc.query("select " + DOCUMENT_COLUMNS + " from reservations r where r.id = ? and r.user_id = ?",
                DOCUMENT, id, userId).stream().findFirst();
    }

    Optional<Ownership> ownership(UUID id) {
        return jdbc.query("select event_id, user_id from reservations where id = ?",
                (rs, row) -> new Ownership(rs.getLong(1), rs.getLong(2)), id).stream().findFirst();
    }

    /** The user's reservations, newest first, optionally of one event and in one (read) status. */
    List<ReservationDocument> list(long userId, Long eventId, String status, int limit) {
        return jdbc.query("""
                        select * from (select %s from reservations r
                                        where r.user_id = ? and (?::bigint is null or r.event_id = ?)) d
                         where (?::text is null or d.status = ?)
                         order by d.created_at desc, d.id
                         limit ?""".formatted(DOCUMENT_COLUMNS),
                DOCUMENT, userId, eventId, eventId, status, status, limit);
    }

    private static ReservationDocument document(ResultSet rs, int row) throws SQLException {
        return new ReservationDocument(rs.getObject("id", UUID.class), rs.getLong("event_id"),
                rs.getString("section_code"), rs.getInt("quantity"), rs.getString("status"),
                instant(rs, "expires_at"), instant(rs, "created_at"),
                instant(rs, "purchased_at"), instant(rs, "cancelled_at"),
                instant(rs, "expired_at"), rs.getString("payment_reference"), rs.getInt("extensions"),
                rs.getObject("waitlist_entry_id", UUID.class));
    }

}
