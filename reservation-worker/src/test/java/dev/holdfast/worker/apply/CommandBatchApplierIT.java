package dev.holdfast.worker.apply;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.testsupport.RefusedHolds;
import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The batch transaction against a real PostgreSQL: locking reads, set-based writes, de-duplication, constraints, and
 * what is handed to the outbox relay after the commit (here a recorder stands in for the relay).
 */
@SpringBootTest(classes = ReservationWorkerApplication.class, properties = {
        "spring.config.name=reservation-worker",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.admin.auto-create=false",
        "server.port=0"})
@Import(CommandBatchApplierIT.RecordedRelay.class)
class CommandBatchApplierIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    CommandBatchApplier applier;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    HandedToRelay handedToRelay;

    /** Stands in for the outbox relay: the events each committed transaction handed over, in commit order. */
    static final class HandedToRelay implements OutboxRelayTrigger {
        final List<Set<Long>> handOffs = new CopyOnWriteArrayList<>();

        @Override
        public void relayAfterCommit(Collection<Long> eventIds) {
            handOffs.add(Set.copyOf(eventIds));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedRelay {
        @Bean
        @Primary
        HandedToRelay handedToRelay() {
            return new HandedToRelay();
        }
    }

    @BeforeEach
    void forgetEarlierHandOffs() {
        handedToRelay.handOffs.clear();
    }

    private long newEvent(int holdSeconds, int capacity) {
        long id = jdbc.queryForObject("insert into events (name, hold_seconds) values ('test', ?) returning id",
                Long.class, holdSeconds);
        jdbc.update("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold)
                values (?, 'general', 'General', 0, ?, ?, 0, 0)""", id, capacity, capacity);
        return id;
    }

    private long newUser() {
        return jdbc.queryForObject("insert into users (name) values ('test') returning id", Long.class);
    }

    private static ReserveCommand reserve(long eventId, long userId, int quantity) {
        return new ReserveCommand(UUID.randomUUID(), eventId, userId, "general", quantity, Instant.now());
    }

    private String outcome(Command command) {
        return jdbc.queryForObject("select coalesce(problem_code, status) from requests where id = ?", String.class,
                command.requestId());
    }

    private List<Integer> counters(long eventId) {
        return jdbc.queryForObject("select available, held, sold from sections where event_id = ?",
                (rs, row) -> List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3)), eventId);
    }

    @Test
    void aBatchAppliesItsCommandsInOrderAndRecordsEveryOutcome() {
        long eventId = newEvent(300, 3);
        long user = newUser();
        var first = reserve(eventId, user, 2);
        var second = reserve(eventId, user, 2);
        var third = reserve(eventId, user, 1);

        assertThat(applier.apply(List.of(first, second, third))).isEqualTo(3);

        assertThat(outcome(first)).isEqualTo("succeeded");
        assertThat(outcome(second)).isEqualTo("sold_out");
        assertThat(outcome(third)).isEqualTo("succeeded");
        assertThat(counters(eventId)).containsExactly(0, 3, 0);
        assertThat(jdbc.queryForObject("select last_sequence from events where id = ?", Long.class, eventId))
                .isEqualTo(2);
    }

    @Test
    void aCommandRepeatedInABatchOrDeliveredAgainIsAppliedOnce() {
        long eventId = newEvent(300, 10);
        long user = newUser();
        var command = reserve(eventId, user, 2);

        assertThat(applier.apply(List.of(command, command))).isEqualTo(1);
        assertThat(applier.apply(List.of(command))).isZero();

        assertThat(counters(eventId)).containsExactly(8, 2, 0);
        assertThat(jdbc.queryForObject("select count(*) from reservations where request_id = ?", Integer.class,
                command.requestId())).isEqualTo(1);
    }

    @Test
    void commandsOfSeveralEventsShareABatchWithoutTouchingEachOther() {
        long one = newEvent(300, 1);
        long two = newEvent(300, 5);
        long user = newUser();

        applier.apply(List.of(reserve(two, user, 5), reserve(one, user, 1), reserve(one, user, 1),
                reserve(two, user, 1)));

        assertThat(counters(one)).containsExactly(0, 1, 0);
        assertThat(counters(two)).containsExactly(0, 5, 0);
    }

    @Test
    void soldOutNeverCountsAHoldWhoseTimeIsUp() {
        long eventId = newEvent(1, 2);
        long ana = newUser();
        long ben = newUser();
        var anasHold = reserve(eventId, ana, 2);
        applier.apply(List.of(anasHold));
        Instant expiresAt = jdbc.queryForObject("select expires_at from reservations where request_id = ?",
                Timestamp.class, anasHold.requestId()).toInstant();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                jdbc.queryForObject("select now()", Timestamp.class).toInstant().isAfter(expiresAt));

        // no expiry worker runs here: the reserve itself must release the due hold
        var bensReserve = reserve(eventId, ben, 2);
        applier.apply(List.of(bensReserve));

        assertThat(outcome(bensReserve)).isEqualTo("succeeded");
        assertThat(jdbc.queryForObject("select status from reservations where request_id = ?", String.class,
                anasHold.requestId())).isEqualTo("expired");
        assertThat(counters(eventId)).containsExactly(0, 2, 0);
    }

    @Test
    void theSchemaRefusesCountersThatDoNotAddUp() {
        long eventId = newEvent(300, 1);

        assertThatThrownBy(() -> jdbc.update("update sections set held = held + 1 where event_id = ?", eventId))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(
                "update sections set available = available - 2, held = held + 2 where event_id = ?", eventId))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aBatchThatRollsBackCountsNothingSoItsCommandsAreCountedOnceWhenAppliedAgain() throws Exception {
        try (var refused = RefusedHolds.add()) {
            aBatchThatRollsBackCountsNothing(refused.userId());
        }
    }

    private void aBatchThatRollsBackCountsNothing(long refusedUser) {
        long eventId = newEvent(300, 5);
        var good = reserve(eventId, newUser(), 1);
        var refusedReserve = reserve(eventId, refusedUser, 1);
        double before = reservesSucceeded();

        assertThatThrownBy(() -> applier.apply(List.of(good, refusedReserve)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(reservesSucceeded()).isEqualTo(before);

        // what the listener does next: the batch again, one command per transaction
        applier.apply(List.of(good));
        assertThatThrownBy(() -> applier.apply(List.of(refusedReserve)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(reservesSucceeded()).isEqualTo(before + 1);
        assertThat(counters(eventId)).containsExactly(4, 1, 0);
    }

    /** A seated section "stalls": row A of 6 seats (aisle after 3), row B of 4 with B-4 blocked. */
    private long newSeatedEvent() {
        long id = jdbc.queryForObject("insert into events (name, hold_seconds) values ('seated', 300) returning id",
                Long.class);
        jdbc.update("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold, seated)
                values (?, 'stalls', 'Stalls', 0, 9, 9, 0, 0, true)""", id);
        jdbc.update("""
                insert into seat_rows (event_id, section_code, row_index, label, aisle_after, statuses, accessible)
                values (?, 'stalls', 0, 'A', '{3}', 'AAAAAA', '......'), (?, 'stalls', 1, 'B', '{}', 'AAAB', '....')""",
                id, id);
        return id;
    }

    private static ReserveCommand pick(long eventId, long userId, String... seats) {
        return new ReserveCommand(UUID.randomUUID(), eventId, userId, "stalls", seats.length, Instant.now(),
                List.of(seats), null, null);
    }

    private List<String> seatRows(long eventId) {
        return jdbc.queryForList("select statuses from seat_rows where event_id = ? order by row_index", String.class,
                eventId);
    }

    @Test
    void seatsAreStoredWithTheirRowsTheReservationAndTheRejectionThatNamesThem() {
        long eventId = newSeatedEvent();
        long user = newUser();
        var first = pick(eventId, user, "B-2", "A-1");
        var collides = pick(eventId, user, "A-1", "B-4", "C-1");
        var best = new ReserveCommand(UUID.randomUUID(), eventId, user, "stalls", 2, Instant.now());

        applier.apply(List.of(first, collides, best));

        assertThat(outcome(first)).isEqualTo("succeeded");
        assertThat(outcome(collides)).isEqualTo("seats_unavailable");
        assertThat(outcome(best)).isEqualTo("succeeded");
        assertThat(jdbc.queryForObject("select array_to_string(unavailable_seats, ',') from requests where id = ?",
                String.class, collides.requestId())).isEqualTo("A-1,B-4,C-1");
        assertThat(jdbc.queryForObject("select array_to_string(seats, ',') from reservations where request_id = ?",
                String.class, first.requestId())).isEqualTo("A-1,B-2");
        // fill the run left of the aisle: would leave A-6 an orphan
        assertThat(seatRows(eventId)).containsExactly("HHHAAA", "AHAB");
        assertThat(counters(eventId)).containsExactly(5, 4, 0);
        assertThat(jdbc.queryForObject("select count(*) from reservation_seats where event_id = ?", Integer.class,
                eventId)).isEqualTo(4);
    }

    @Test
    void seatsFreedInABatchCanBeHeldAgainInItAndTheDatabaseRefusesASeatInTwoActiveReservations() {
        long eventId = newSeatedEvent();
        long user = newUser();
        var first = pick(eventId, user, "A-1");
        applier.apply(List.of(first));
        UUID firstId = jdbc.queryForObject("select id from reservations where request_id = ?", UUID.class,
                first.requestId());

        var again = pick(eventId, user, "A-1");
        applier.apply(List.of(new dev.holdfast.contracts.command.CancelCommand(UUID.randomUUID(), eventId, user,
                firstId, Instant.now()), again));

        assertThat(outcome(again)).isEqualTo("succeeded");
        assertThat(jdbc.queryForObject("select reservation_id from reservation_seats where event_id = ? and seat = 'A-1'",
                UUID.class, eventId)).isNotEqualTo(firstId);
        assertThatThrownBy(() -> jdbc.update("""
                insert into reservation_seats (event_id, section_code, seat, reservation_id)
                values (?, 'stalls', 'A-1', ?)""", eventId, firstId))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aBatchThatRollsBackLeavesNoTraceInTheSeatsTheNextBatchSees() throws Exception {
        long eventId = newSeatedEvent();
        long user = newUser();
        applier.apply(List.of(pick(eventId, user, "A-1")));

        // the seat map is kept after that commit; this batch holds A-2, then fails on a user the database refuses
        try (var refused = RefusedHolds.add()) {
            assertThatThrownBy(() -> applier.apply(List.of(pick(eventId, user, "A-2"),
                    pick(eventId, refused.userId(), "A-3"))))
                    .isInstanceOf(DataIntegrityViolationException.class);
        }

        var again = pick(eventId, user, "A-2");
        applier.apply(List.of(again));
        assertThat(outcome(again)).isEqualTo("succeeded");
        assertThat(seatRows(eventId)).containsExactly("HHAAAA", "AAAB");
    }

    @Test
    void seatsChangedByAnotherWriterAreReadAgainRatherThanTakenFromMemory() {
        long eventId = newSeatedEvent();
        long user = newUser();
        applier.apply(List.of(pick(eventId, user, "A-1")));
        // what a worker elsewhere (after a rebalance) would have done: a seat sold, and the sequence moved on
        jdbc.update("update seat_rows set statuses = 'HSAAAA' where event_id = ? and row_index = 0", eventId);
        jdbc.update("update sections set available = available - 1, sold = sold + 1 where event_id = ?", eventId);
        jdbc.update("update events set last_sequence = last_sequence + 1 where id = ?", eventId);

        var taken = pick(eventId, user, "A-2");
        applier.apply(List.of(taken));

        assertThat(outcome(taken)).isEqualTo("seats_unavailable");
    }

    private List<Long> eventsWithOutboxRows(long one, long two) {
        return jdbc.queryForList("select distinct event_id from outbox where event_id in (?, ?) order by event_id",
                Long.class, one, two);
    }

    @Test
    void afterTheCommitTheRelayIsHandedExactlyTheEventsThatGotOutboxRows() {
        long sold = newEvent(300, 1);
        long soldOut = newEvent(300, 1);
        long user = newUser();

        applier.apply(List.of(reserve(sold, user, 1), reserve(soldOut, user, 2)));

        assertThat(eventsWithOutboxRows(sold, soldOut)).containsExactly(sold);
        assertThat(handedToRelay.handOffs).containsExactly(Set.of(sold));
    }

    @Test
    void aBatchThatRollsBackHandsNothingToTheRelayAndEachCommandAppliedAloneAfterwardsHandsItsOwnEvent()
            throws Exception {
        try (var refused = RefusedHolds.add()) {
            aBatchThatRollsBackHandsNothingToTheRelay(refused.userId());
        }
    }

    private void aBatchThatRollsBackHandsNothingToTheRelay(long refusedUser) {
        long one = newEvent(300, 5);
        long two = newEvent(300, 5);
        long user = newUser();
        var inOne = reserve(one, user, 1);
        var inTwo = reserve(two, user, 1);
        var refusedReserve = reserve(one, refusedUser, 1);

        assertThatThrownBy(() -> applier.apply(List.of(inOne, inTwo, refusedReserve)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(handedToRelay.handOffs).isEmpty();
        assertThat(eventsWithOutboxRows(one, two)).isEmpty();

        // what the listener does next: the batch again, one command per transaction
        applier.apply(List.of(inOne));
        applier.apply(List.of(inTwo));
        assertThatThrownBy(() -> applier.apply(List.of(refusedReserve)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(handedToRelay.handOffs).containsExactly(Set.of(one), Set.of(two));
    }

    @Test
    void aRedeliveredBatchHandsItsEventsToTheRelaySinceTheWorkerThatCommittedItMayHaveDiedBeforeItsRelay() {
        long eventId = newEvent(300, 5);
        var command = reserve(eventId, newUser(), 1);
        applier.apply(List.of(command));
        handedToRelay.handOffs.clear();

        assertThat(applier.apply(List.of(command))).isZero();

        assertThat(handedToRelay.handOffs).containsExactly(Set.of(eventId));
    }

    private double reservesSucceeded() {
        Counter counter = meters.find("holdfast.worker.outcomes").tags("type", "reserve", "outcome", "succeeded")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
