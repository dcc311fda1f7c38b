package dev.holdfast.gateway.reservation;

import dev.holdfast.gateway.read.ReservationDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.holdfast.gateway.read.ReadModel.RESERVATION;
import static dev.holdfast.gateway.read.ReadModel.RESERVATION_COLUMNS;

@Repository
class ReservationRepository {

    /** Who owns a reservation and which event it belongs to: facts that never change. */
    public record Ownership(long eventId, long userId) {
    }

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ReservationDocument> find(UUID id, long userId) {
        return jdbc.query("select " + RESERVATION_COLUMNS + " from reservations r where r.id = ? and r.user_id = ?",
                RESERVATION, id, userId).stream().findFirst();
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
                         limit ?""".formatted(RESERVATION_COLUMNS),
                RESERVATION, userId, eventId, eventId, status, status, limit);
    }

}
