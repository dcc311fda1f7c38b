package dev.holdfast.gateway.read;

import dev.holdfast.contracts.HoldTime;

import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static dev.holdfast.gateway.jdbc.Columns.instant;
import static dev.holdfast.gateway.jdbc.Columns.texts;

/**
 * The read model shared by the features and by the request layer below them: how a reservation and a waiting-list
 * entry document are read from their tables, so that a request's outcome and a feature's own endpoints render the
 * same document from the same columns.
 */
public final class ReadModel {

    /**
     * The status and {@code expired_at} of a reservation as read, from table alias {@code r}. A hold whose time is up
     * reads {@code expired} by the database clock (the one clock of every hold: ARCHITECTURE.md, invariant 6), before
     * its release is applied too: {@link HoldTime}'s rule, in SQL, because the list of reservations filters and pages
     * by the status read.
     */
    static final String RESERVATION_STATUS_COLUMNS = """
            case when r.status = 'held' and %1$s then 'expired' else r.status end as status,
            case when r.status = 'held' and %1$s then r.expires_at else r.expired_at end as expired_at"""
            .formatted(HoldTime.isDueSql("r.expires_at", "now()"));

    /** The columns of a reservation document from table alias {@code r}. */
    public static final String RESERVATION_COLUMNS = """
            r.id, r.event_id, r.section_code, r.quantity, r.seats, %s,
            r.expires_at, r.created_at, r.purchased_at, r.cancelled_at,
            r.payment_reference, r.extensions, r.waitlist_entry_id""".formatted(RESERVATION_STATUS_COLUMNS);

    public static final RowMapper<ReservationDocument> RESERVATION = ReadModel::reservation;

    /**
     * The columns of an entry document from table alias {@code w}, its {@code waitlist_entry_} prefixed so that it
     * can share a row with a reservation. The position counts the section's waiting entries up to this one, on the
     * partial index of the queue.
     */
    public static final String WAITLIST_ENTRY_COLUMNS = """
            w.id as waitlist_entry_id_, w.event_id as waitlist_entry_event_id, w.section_code as waitlist_entry_section,
            w.quantity as waitlist_entry_quantity, w.status as waitlist_entry_status,
            case when w.status = 'waiting' then
                (select count(*) from waitlist_entries a
                  where a.event_id = w.event_id and a.section_code = w.section_code and a.status = 'waiting'
                    and a.join_order <= w.join_order) end as waitlist_entry_position,
            w.reservation_id as waitlist_entry_reservation_id, w.created_at as waitlist_entry_created_at,
            w.offered_at as waitlist_entry_offered_at, w.left_at as waitlist_entry_left_at""";

    public static final RowMapper<WaitlistEntryDocument> WAITLIST_ENTRY = ReadModel::waitlistEntry;

    private ReadModel() {
    }

    private static ReservationDocument reservation(ResultSet rs, int row) throws SQLException {
        return new ReservationDocument(rs.getObject("id", UUID.class), rs.getLong("event_id"),
                rs.getString("section_code"), rs.getInt("quantity"), texts(rs, "seats"), rs.getString("status"),
                instant(rs, "expires_at"), instant(rs, "created_at"),
                instant(rs, "purchased_at"), instant(rs, "cancelled_at"),
                instant(rs, "expired_at"), rs.getString("payment_reference"), rs.getInt("extensions"),
                rs.getObject("waitlist_entry_id", UUID.class));
    }

    private static WaitlistEntryDocument waitlistEntry(ResultSet rs, int row) throws SQLException {
        return new WaitlistEntryDocument(rs.getObject("waitlist_entry_id_", UUID.class),
                rs.getLong("waitlist_entry_event_id"), rs.getString("waitlist_entry_section"),
                rs.getInt("waitlist_entry_quantity"), rs.getString("waitlist_entry_status"),
                rs.getObject("waitlist_entry_position", Long.class),
                rs.getObject("waitlist_entry_reservation_id", UUID.class),
                instant(rs, "waitlist_entry_created_at"), instant(rs, "waitlist_entry_offered_at"),
                instant(rs, "waitlist_entry_left_at"));
    }
}
