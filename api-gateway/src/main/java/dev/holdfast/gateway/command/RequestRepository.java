package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.read.ReadModel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.holdfast.gateway.jdbc.Columns.instant;
import static dev.holdfast.gateway.jdbc.Columns.texts;

/** The rows of {@code requests}, read as {@link RequestDocument}s: the one place that maps a row to a request. */
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

    private final JdbcTemplate jdbc;

    RequestRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The request settled under this id, or null while it is pending (or unknown). */
    public RequestDocument findSettled(UUID requestId) {
        return findSettled(List.of(requestId)).get(requestId);
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
