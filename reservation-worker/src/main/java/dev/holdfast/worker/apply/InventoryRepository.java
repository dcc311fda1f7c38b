package dev.holdfast.worker.apply;

import dev.holdfast.worker.inventory.EventRules;
import dev.holdfast.worker.inventory.Reservation;
import dev.holdfast.worker.inventory.ReservationStatus;
import dev.holdfast.worker.inventory.SeatMap;
import dev.holdfast.worker.inventory.SeatRow;
import dev.holdfast.worker.inventory.Section;
import dev.holdfast.worker.inventory.UnitOfWork;
import dev.holdfast.worker.inventory.WaitlistEntry;
import dev.holdfast.worker.inventory.WaitlistStatus;
import dev.holdfast.contracts.EventChangeChannel;
import dev.holdfast.contracts.HoldTime;
import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The worker's SQL. Reads lock what they return ({@code FOR UPDATE}, in key order so that two workers during a
 * rebalance cannot deadlock: ARCHITECTURE.md, invariant 2); writes take whole batches as arrays ({@code unnest}), one
 * statement per table.
 */
@Repository
class InventoryRepository {

    private static final RowMapper<Reservation> RESERVATION = (rs, row) -> new Reservation(
            rs.getObject("id", UUID.class), rs.getLong("event_id"), rs.getString("section_code"),
            rs.getLong("user_id"), rs.getInt("quantity"), ReservationStatus.fromWireName(rs.getString("status")),
            rs.getObject("request_id", UUID.class), instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("purchased_at")),
            instant(rs.getTimestamp("cancelled_at")), instant(rs.getTimestamp("expired_at")),
            rs.getString("payment_reference"), rs.getInt("extensions"), rs.getObject("waitlist_entry_id", UUID.class),
            textList(rs.getArray("seats")));

    private static final RowMapper<WaitlistEntry> ENTRY = (rs, row) -> new WaitlistEntry(
            rs.getObject("id", UUID.class), rs.getLong("event_id"), rs.getString("section_code"),
            rs.getLong("user_id"), rs.getInt("quantity"), rs.getLong("join_order"),
            WaitlistStatus.fromWireName(rs.getString("status")), rs.getObject("request_id", UUID.class),
            rs.getObject("reservation_id", UUID.class), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("offered_at")), instant(rs.getTimestamp("left_at")));

    /** The statement that sends a number of outcome payloads, by that number. */
    private static final Map<Integer, String> NOTIFY_OUTCOMES = new ConcurrentHashMap<>();

    private final JdbcTemplate jdbc;

    InventoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The database clock at the start of the transaction: the one clock of every hold (ARCHITECTURE.md, invariant 6).
     */
    Instant transactionTime() {
        return jdbc.queryForObject("select now()", Timestamp.class).toInstant();
    }

    Set<UUID> appliedRequestIds(Collection<UUID> requestIds) {
        return new HashSet<>(jdbc.query("select id from requests where id = any(?)",
                values(c -> c.createArrayOf("uuid", requestIds.toArray())), (rs, row) -> rs.getObject(1, UUID.class)));
    }

    List<EventSettings> lockEvents(Collection<Long> eventIds) {
        return jdbc.query("""
                        select id, hold_seconds, max_tickets_per_user, max_hold_extensions, last_sequence
                          from events where id = any(?) order by id for update""",
                values(c -> c.createArrayOf("bigint", eventIds.toArray())),
                (rs, row) -> new EventSettings(new EventRules(rs.getLong(1), rs.getInt(2),
                        rs.getObject(3, Integer.class), rs.getInt(4)), rs.getLong(5)));
    }

    /** The sections of some events, by event, and which of those events have a seated section. */
    record LockedSections(Map<Long, List<Section>> byEvent, Set<Long> eventsWithSeats) {
    }

    LockedSections lockSections(Collection<Long> eventIds) {
        Map<Long, List<Section>> byEvent = new HashMap<>();
        Set<Long> eventsWithSeats = new HashSet<>();
        jdbc.query("""
                        select event_id, code, capacity, available, held, sold, waiting, last_waitlist_order, seated
                          from sections where event_id = any(?) order by event_id, code for update""",
                values(c -> c.createArrayOf("bigint", eventIds.toArray())),
                rs -> {
                    byEvent.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Section(
                            rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                            rs.getLong(8)));
                    if (rs.getBoolean(9)) {
                        eventsWithSeats.add(rs.getLong(1));
                    }
                });
        return new LockedSections(byEvent, eventsWithSeats);
    }

    /**
     * The seat maps of the seated sections of some events, by event: at most 200 short rows a section, however many
     * seats it has. Not locked: the events' rows are, and only the event's one writer changes its seats
     * (ARCHITECTURE.md, invariant 1).
     */
    Map<Long, List<SeatMap>> seatMaps(Collection<Long> eventIds) {
        Map<Long, Map<String, List<SeatRow>>> rows = new HashMap<>();
        jdbc.query("""
                        select event_id, section_code, row_index, label, aisle_after, statuses, accessible
                          from seat_rows where event_id = any(?) order by event_id, section_code, row_index""",
                values(c -> c.createArrayOf("bigint", eventIds.toArray())),
                rs -> {
                    List<Integer> aisles = new ArrayList<>();
                    for (Object aisle : (Object[]) rs.getArray(5).getArray()) {
                        aisles.add(((Number) aisle).intValue());
                    }
                    rows.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), code -> new ArrayList<>())
                            .add(new SeatRow(rs.getInt(3), rs.getString(4), rs.getString(6), rs.getString(7), aisles));
                });
        Map<Long, List<SeatMap>> maps = new HashMap<>();
        rows.forEach((eventId, sections) -> sections.forEach((code, sectionRows) ->
                maps.computeIfAbsent(eventId, id -> new ArrayList<>()).add(new SeatMap(code, sectionRows))));
        return maps;
    }

    /** A seat row whose statuses changed in the batch, with its event. */
    record ChangedSeatRow(long eventId, UnitOfWork.ChangedSeatRow changed) {
    }

    /** Stores the seat rows whose statuses changed, of every event, in one statement. */
    void updateSeatRows(List<ChangedSeatRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update("""
                        update seat_rows r set statuses = u.statuses
                          from unnest(?::bigint[], ?::text[], ?::int[], ?::text[])
                               as u(event_id, section_code, row_index, statuses)
                         where r.event_id = u.event_id and r.section_code = u.section_code
                           and r.row_index = u.row_index""",
                values(column(rows, "bigint", ChangedSeatRow::eventId),
                        column(rows, "text", c -> c.changed().section()),
                        column(rows, "int", c -> c.changed().row().index()),
                        column(rows, "text", c -> c.changed().row().statuses())));
    }

    /**
     * Adds the seats of reservations now held or purchased to {@code reservation_seats}, whose key refuses a seat that
     * is in another reservation still in force: the database's own guard against selling a seat twice
     * (ARCHITECTURE.md, invariant 8).
     */
    void insertReservationSeats(List<Reservation> reservations) {
        List<Reservation> holders = new ArrayList<>();
        List<String> seats = new ArrayList<>();
        for (Reservation reservation : reservations) {
            if (reservation.seats() != null && (reservation.status() == ReservationStatus.HELD
                    || reservation.status() == ReservationStatus.PURCHASED)) {
                reservation.seats().forEach(seat -> {
                    holders.add(reservation);
                    seats.add(seat);
                });
            }
        }
        if (seats.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into reservation_seats (event_id, section_code, seat, reservation_id)
                        select * from unnest(?::bigint[], ?::text[], ?::text[], ?::uuid[])""",
                values(column(holders, "bigint", Reservation::eventId),
                        column(holders, "text", Reservation::section),
                        c -> c.createArrayOf("text", seats.toArray()),
                        column(holders, "text", r -> r.id().toString())));
    }

    /** Frees the seats of reservations that were cancelled or expired. */
    void deleteReservationSeats(List<Reservation> reservations) {
        List<String> ended = reservations.stream()
                .filter(r -> r.seats() != null && (r.status() == ReservationStatus.CANCELLED
                        || r.status() == ReservationStatus.EXPIRED))
                .map(r -> r.id().toString())
                .toList();
        if (ended.isEmpty()) {
            return;
        }
        jdbc.update("delete from reservation_seats where reservation_id = any(?::uuid[])",
                values(c -> c.createArrayOf("text", ended.toArray())));
    }

    /** The named reservations, locked in id order. */
    List<Reservation> lockReservations(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from reservations where id = any(?) order by id for update",
                values(c -> c.createArrayOf("uuid", ids.toArray())), RESERVATION);
    }

    /** The holds of a section whose time is up at {@code now}, locked in id order. */
    List<Reservation> lockDueHolds(long eventId, String section, Instant now) {
        return jdbc.query("""
                        select * from reservations
                         where event_id = ? and section_code = ? and status = 'held' and %s
                         order by id for update""".formatted(HoldTime.isDueSql("expires_at", "?")),
                values(c -> eventId, c -> section, c -> Timestamp.from(now)), RESERVATION);
    }

    /** The named waiting-list entries, locked in id order. */
    List<WaitlistEntry> lockEntries(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from waitlist_entries where id = any(?) order by id for update",
                values(c -> c.createArrayOf("uuid", ids.toArray())), ENTRY);
    }

    /** The entries of these users still waiting in any section of the event, locked in id order. */
    List<WaitlistEntry> lockWaitingEntriesOf(long eventId, Collection<Long> userIds) {
        return jdbc.query("""
                        select * from waitlist_entries
                         where event_id = ? and user_id = any(?) and status = 'waiting'
                         order by id for update""",
                values(c -> eventId, c -> c.createArrayOf("bigint", userIds.toArray())), ENTRY);
    }

    /** The entries of a section's waiting list still waiting, in join order, locked. */
    List<WaitlistEntry> lockWaitingEntries(long eventId, String section) {
        return jdbc.query("""
                        select * from waitlist_entries
                         where event_id = ? and section_code = ? and status = 'waiting'
                         order by join_order for update""",
                values(c -> eventId, c -> section), ENTRY);
    }

    /**
     * Tickets that count toward the per-user limit of an event: held and not yet due, purchased, or waited for on a
     * waiting list. Keys are the users asked for who have any.
     */
    Map<Long, Integer> ticketsCountingTowardLimit(long eventId, Collection<Long> userIds, Instant now) {
        Map<Long, Integer> owned = new HashMap<>();
        jdbc.query("""
                        select user_id, sum(quantity) from (
                            select user_id, quantity from reservations
                             where event_id = ? and user_id = any(?) and status in ('held', 'purchased')
                               and (status = 'purchased' or not %s)
                            union all
                            select user_id, quantity from waitlist_entries
                             where event_id = ? and user_id = any(?) and status = 'waiting') counted
                         group by user_id""".formatted(HoldTime.isDueSql("expires_at", "?")),
                values(c -> eventId, c -> c.createArrayOf("bigint", userIds.toArray()), c -> Timestamp.from(now),
                        c -> eventId, c -> c.createArrayOf("bigint", userIds.toArray())),
                rs -> {
                    owned.put(rs.getLong(1), rs.getInt(2));
                });
        return owned;
    }

    /**
     * Writes the outcomes. In a batch a request id already there is an error (the batch was applied elsewhere: a
     * zombie after a rebalance) and fails the transaction; {@code unlessRecorded} skips such rows instead, for an
     * outcome recorded outside the batch path (a dead-lettered command).
     */
    void insertRequests(List<RequestRow> outcomes, boolean unlessRecorded) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into requests (id, type, event_id, user_id, reservation_id, waitlist_entry_id, status,
                                              problem_code, problem_detail, fingerprint, submitted_at, completed_at,
                                              unavailable_seats)
                        select u.id, u.type, u.event_id, u.user_id, u.reservation_id, u.waitlist_entry_id, u.status,
                               u.problem_code, u.problem_detail, u.fingerprint, u.submitted_at, u.completed_at,
                               string_to_array(u.unavailable_seats, ',')
                          from unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::uuid[], ?::uuid[],
                                      ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                      ?::timestamptz[], ?::text[])
                               as u(id, type, event_id, user_id, reservation_id, waitlist_entry_id, status,
                                    problem_code, problem_detail, fingerprint, submitted_at, completed_at,
                                    unavailable_seats)""" + (unlessRecorded ? " on conflict (id) do nothing" : ""),
                values(column(outcomes, "text", o -> o.requestId().toString()),
                        column(outcomes, "text", o -> o.type().wireName()),
                        column(outcomes, "bigint", RequestRow::eventId),
                        column(outcomes, "bigint", RequestRow::userId),
                        column(outcomes, "text", o -> text(o.reservationId())),
                        column(outcomes, "text", o -> text(o.waitlistEntryId())),
                        column(outcomes, "text", RequestRow::status),
                        column(outcomes, "text", o -> o.rejection() == null ? null : o.rejection().code()),
                        column(outcomes, "text", RequestRow::detail),
                        column(outcomes, "text", RequestRow::fingerprint),
                        column(outcomes, "text", o -> o.submittedAt().toString()),
                        column(outcomes, "text", o -> o.completedAt().toString()),
                        column(outcomes, "text", o -> joined(o.unavailableSeats()))));
    }

    void insertReservations(List<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into reservations (id, event_id, section_code, user_id, quantity, status, request_id,
                                                  expires_at, created_at, purchased_at, cancelled_at, expired_at,
                                                  payment_reference, extensions, waitlist_entry_id, seats)
                        select u.id, u.event_id, u.section_code, u.user_id, u.quantity, u.status, u.request_id,
                               u.expires_at, u.created_at, u.purchased_at, u.cancelled_at, u.expired_at,
                               u.payment_reference, u.extensions, u.waitlist_entry_id, string_to_array(u.seats, ',')
                          from unnest(?::uuid[], ?::bigint[], ?::text[], ?::bigint[], ?::int[], ?::text[],
                                      ?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],
                                      ?::timestamptz[], ?::timestamptz[], ?::text[], ?::int[], ?::uuid[], ?::text[])
                               as u(id, event_id, section_code, user_id, quantity, status, request_id, expires_at,
                                    created_at, purchased_at, cancelled_at, expired_at, payment_reference,
                                    extensions, waitlist_entry_id, seats)""",
                values(column(reservations, "text", r -> r.id().toString()),
                        column(reservations, "bigint", Reservation::eventId),
                        column(reservations, "text", Reservation::section),
                        column(reservations, "bigint", Reservation::userId),
                        column(reservations, "int", Reservation::quantity),
                        column(reservations, "text", r -> r.status().wireName()),
                        column(reservations, "text", r -> r.requestId().toString()),
                        column(reservations, "text", r -> text(r.expiresAt())),
                        column(reservations, "text", r -> text(r.createdAt())),
                        column(reservations, "text", r -> text(r.purchasedAt())),
                        column(reservations, "text", r -> text(r.cancelledAt())),
                        column(reservations, "text", r -> text(r.expiredAt())),
                        column(reservations, "text", Reservation::paymentReference),
                        column(reservations, "int", Reservation::extensions),
                        column(reservations, "text", r -> text(r.waitlistEntryId())),
                        column(reservations, "text", r -> joined(r.seats()))));
    }

    void updateReservations(List<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return;
        }
        jdbc.update("""
                        update reservations r
                           set status = u.status, purchased_at = u.purchased_at, cancelled_at = u.cancelled_at,
                               expired_at = u.expired_at, payment_reference = u.payment_reference,
                               expires_at = u.expires_at, extensions = u.extensions
                          from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],
                                      ?::text[], ?::timestamptz[], ?::int[])
                               as u(id, status, purchased_at, cancelled_at, expired_at, payment_reference,
                                    expires_at, extensions)
                         where r.id = u.id""",
                values(column(reservations, "text", r -> r.id().toString()),
                        column(reservations, "text", r -> r.status().wireName()),
                        column(reservations, "text", r -> text(r.purchasedAt())),
                        column(reservations, "text", r -> text(r.cancelledAt())),
                        column(reservations, "text", r -> text(r.expiredAt())),
                        column(reservations, "text", Reservation::paymentReference),
                        column(reservations, "text", r -> text(r.expiresAt())),
                        column(reservations, "int", Reservation::extensions)));
    }

    void insertEntries(List<WaitlistEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into waitlist_entries (id, event_id, section_code, user_id, quantity, join_order, status,
                                                      request_id, reservation_id, created_at, offered_at, left_at)
                        select * from unnest(?::uuid[], ?::bigint[], ?::text[], ?::bigint[], ?::int[], ?::bigint[],
                                             ?::text[], ?::uuid[], ?::uuid[], ?::timestamptz[], ?::timestamptz[],
                                             ?::timestamptz[])""",
                values(column(entries, "text", e -> e.id().toString()),
                        column(entries, "bigint", WaitlistEntry::eventId),
                        column(entries, "text", WaitlistEntry::section),
                        column(entries, "bigint", WaitlistEntry::userId),
                        column(entries, "int", WaitlistEntry::quantity),
                        column(entries, "bigint", WaitlistEntry::joinOrder),
                        column(entries, "text", e -> e.status().wireName()),
                        column(entries, "text", e -> e.requestId().toString()),
                        column(entries, "text", e -> text(e.reservationId())),
                        column(entries, "text", e -> text(e.createdAt())),
                        column(entries, "text", e -> text(e.offeredAt())),
                        column(entries, "text", e -> text(e.leftAt()))));
    }

    void updateEntries(List<WaitlistEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update("""
                        update waitlist_entries w
                           set status = u.status, reservation_id = u.reservation_id, offered_at = u.offered_at,
                               left_at = u.left_at
                          from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[], ?::timestamptz[])
                               as u(id, status, reservation_id, offered_at, left_at)
                         where w.id = u.id""",
                values(column(entries, "text", e -> e.id().toString()),
                        column(entries, "text", e -> e.status().wireName()),
                        column(entries, "text", e -> text(e.reservationId())),
                        column(entries, "text", e -> text(e.offeredAt())),
                        column(entries, "text", e -> text(e.leftAt()))));
    }

    /** A section whose counters changed in the batch, with its event. */
    record ChangedSection(long eventId, Section section) {
    }

    /**
     * The changed counters of every event's sections, in one statement: a batch spread over many events pays one
     * round trip, not one per event. The rows are locked already (the batch's locking read, in key order).
     */
    void updateSections(List<ChangedSection> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.update("""
                        update sections s
                           set capacity = u.capacity, available = u.available, held = u.held, sold = u.sold,
                               waiting = u.waiting, last_waitlist_order = u.last_waitlist_order
                          from unnest(?::bigint[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[],
                                      ?::bigint[])
                               as u(event_id, code, capacity, available, held, sold, waiting, last_waitlist_order)
                         where s.event_id = u.event_id and s.code = u.code""",
                values(column(changed, "bigint", ChangedSection::eventId),
                        column(changed, "text", c -> c.section().code()),
                        column(changed, "int", c -> c.section().capacity()),
                        column(changed, "int", c -> c.section().available()),
                        column(changed, "int", c -> c.section().held()),
                        column(changed, "int", c -> c.section().sold()),
                        column(changed, "int", c -> c.section().waiting()),
                        column(changed, "bigint", c -> c.section().lastWaitlistOrder())));
    }

    /** An event whose reservation changes were numbered in the batch, and the last number given. */
    record LastSequence(long eventId, long lastSequence) {
    }

    /** The last sequence of every event that numbered reservation changes in the batch, in one statement. */
    void updateLastSequences(List<LastSequence> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        jdbc.update("""
                        update events e set last_sequence = u.last_sequence
                          from unnest(?::bigint[], ?::bigint[]) as u(id, last_sequence)
                         where e.id = u.id""",
                values(column(sequences, "bigint", LastSequence::eventId),
                        column(sequences, "bigint", LastSequence::lastSequence)));
    }

    void insertOutbox(List<ReservationChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into outbox (event_id, sequence, payload)
                        select * from unnest(?::bigint[], ?::bigint[], ?::text[])""",
                values(column(changes, "bigint", ReservationChange::eventId),
                        column(changes, "bigint", ReservationChange::sequence),
                        column(changes, "text", change -> new String(ReservationChangeCodec.encode(change),
                                StandardCharsets.UTF_8))));
    }

    /**
     * Wakes the gateways' waiters of these outcomes, carried or named ({@link OutcomeChannel}); PostgreSQL delivers
     * the notifications only when (and if) the transaction commits.
     */
    void notifyOutcomes(List<OutcomeChannel.Line> outcomes) {
        List<String> payloads = OutcomeChannel.payloads(outcomes);
        if (payloads.isEmpty()) {
            return;
        }
        // a parameter a payload, not a text array: carried outcomes are JSON, whose quotes an array literal escapes
        // and PostgreSQL parses back, in the batch's transaction (one statement text per count of payloads)
        jdbc.query(NOTIFY_OUTCOMES.computeIfAbsent(payloads.size(), count -> "select " + String.join(", ",
                        Collections.nCopies(count, "pg_notify('" + OutcomeChannel.NAME + "', ?)"))),
                ps -> {
                    for (int i = 0; i < payloads.size(); i++) {
                        ps.setString(i + 1, payloads.get(i));
                    }
                }, rs -> {
                });
    }

    /** Wakes the gateways' waiters of these requests, whose outcomes are recorded, when the transaction commits. */
    void notifyRequests(Collection<UUID> requestIds) {
        notifyOutcomes(requestIds.stream().map(OutcomeChannel.Line::idOnly).toList());
    }

    /** Tells the gateways' live-availability streams which events changed, when (and if) the transaction commits. */
    void notifyEventChanges(List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>();
        for (int from = 0; from < eventIds.size(); from += EventChangeChannel.IDS_PER_NOTIFICATION) {
            payloads.add(eventIds.subList(from, Math.min(eventIds.size(), from + EventChangeChannel.IDS_PER_NOTIFICATION))
                    .stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        jdbc.query("select pg_notify('" + EventChangeChannel.NAME + "', payload) from unnest(?::text[]) payload",
                values(c -> c.createArrayOf("text", payloads.toArray())), rs -> {
                });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * A list of seat ids as one text, split again by {@code string_to_array} in the statement: {@code unnest} cannot
     * carry an array per row. Seat ids never contain a comma.
     */
    private static String joined(List<String> seats) {
        return seats == null ? null : String.join(",", seats);
    }

    private static List<String> textList(java.sql.Array array) throws SQLException {
        return array == null ? null : List.of((String[]) array.getArray());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static <T> SqlValue column(List<T> rows, String type, Function<T, Object> field) {
        return c -> c.createArrayOf(type, rows.stream().map(field).toArray());
    }

    private static PreparedStatementSetter values(SqlValue... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i].create(ps.getConnection()));
            }
        };
    }

    @FunctionalInterface
    private interface SqlValue {
        Object create(Connection connection) throws SQLException;
    }
}
