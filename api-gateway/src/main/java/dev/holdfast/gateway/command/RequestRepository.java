package dev.holdfast.gateway.command;

import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.read.ReadModel;
import dev.holdfast.gateway.read.ReservationDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.holdfast.gateway.jdbc.Columns.instant;
import static dev.holdfast.gateway.jdbc.Columns.texts;

/**
 * The rows of {@code requests}, read as {@link RequestDocument}s: the one place that maps a row to a request, read
 * from the table or carried in its notification.
 */
@Repository
public class RequestRepository {

    private static final String SELECT_SETTLED = """
            select q.id as request_id, q.type, q.event_id as request_event_id, q.user_id as request_user_id,
                   q.reservation_id, q.waitlist_entry_id as request_waitlist_entry_id, q.problem_code,
                   q.problem_detail, q.unavailable_seats, q.fingerprint, q.submitted_at, q.completed_at,
                   %s, %s
              from requests q left join reservations r on r.id = q.reservation_id
                   left join waitlist_entries w on w.id = q.waitlist_entry_id
             where q.id = any(?)""".formatted(ReadModel.RESERVATION_COLUMNS, ReadModel.WAITLIST_ENTRY_COLUMNS);

    /**
     * A carried hold due this soon by this gateway's clock is read from the database instead: the database's clock
     * alone says when a hold has expired (ARCHITECTURE.md, invariant 6), and the margin covers the two clocks' skew.
     */
    static final Duration CARRIED_HOLD_MARGIN = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;

    RequestRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The request settled under this id, or null while it is pending (or unknown). */
    public RequestDocument findSettled(UUID requestId) {
        return findSettled(List.of(requestId)).get(requestId);
    }

    /**
     * The request as its notification carried it, exactly as {@link #findSettled} reads it right after the commit; null
     * when it must be read all the same: it holds tickets whose hold is due within {@link #CARRIED_HOLD_MARGIN} of
     * {@code now}, and may read {@code expired} by the time it is answered.
     */
    public RequestDocument fromNotification(SettledOutcome outcome, Instant now) {
        SettledOutcome.Reservation held = outcome.reservation();
        if (held != null && "held".equals(held.status()) && held.expiresAt().isBefore(now.plus(CARRIED_HOLD_MARGIN))) {
            return null;
        }
        ReservationDocument reservation = held == null ? null : new ReservationDocument(held.id(), held.eventId(),
                held.section(), held.quantity(), held.seats(), held.status(), held.expiresAt(), held.createdAt(),
                held.purchasedAt(), held.cancelledAt(), held.expiredAt(), held.paymentReference(), held.extensions(),
                held.waitlistEntryId());
        String code = outcome.problemCode();
        return RequestDocument.settled(outcome.requestId(), CommandType.fromWireName(outcome.type()),
                outcome.eventId(), outcome.userId(), outcome.reservationId(), reservation, null, null,
                code == null ? null : Rejection.fromCode(code), outcome.problemDetail(), outcome.unavailableSeats(),
                outcome.fingerprint(), outcome.submittedAt(), outcome.completedAt());
    }

    /**
     * The requests settled under these ids, each with its reservation or waiting-list entry: one query, by primary
     * key.
     */
    Map<UUID, RequestDocument> findSettled(Collection<UUID> requestIds) {
        Map<UUID, RequestDocument> outcomes = new HashMap<>();
        if (requestIds.isEmpty()) {
            return outcomes;
        }
        jdbc.query(con -> {
            var statement = con.prepareStatement(SELECT_SETTLED);
            statement.setArray(1, con.createArrayOf("uuid", requestIds.toArray()));
            return statement;
        }, rs -> {
            UUID id = rs.getObject("request_id", UUID.class);
            String code = rs.getString("problem_code");
            outcomes.put(id, RequestDocument.settled(id, CommandType.fromWireName(rs.getString("type")),
                    rs.getLong("request_event_id"), rs.getObject("request_user_id", Long.class),
                    rs.getObject("reservation_id", UUID.class),
                    rs.getObject("id", UUID.class) == null ? null : ReadModel.RESERVATION.mapRow(rs, 0),
                    rs.getObject("request_waitlist_entry_id", UUID.class),
                    rs.getObject("waitlist_entry_id_", UUID.class) == null ? null
                            : ReadModel.WAITLIST_ENTRY.mapRow(rs, 0),
                    code == null ? null : Rejection.fromCode(code), rs.getString("problem_detail"),
                    texts(rs, "unavailable_seats"), rs.getString("fingerprint"), instant(rs, "submitted_at"),
                    instant(rs, "completed_at")));
        });
        return outcomes;
    }
}
