package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.problem.Problems;
import dev.holdfast.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request outcomes of reserved seating as the worker writes them, read by the gateway from a real PostgreSQL: the
 * seats of a held reservation, and the unavailable seats of a rejected pick.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class SeatOutcomesIT {

    /** The repository under test alone; a plain configuration, so no web slice takes it for the application. */
    @Configuration(proxyBeanMethods = false)
    @Import(RequestRepository.class)
    static class Repositories {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    RequestRepository requests;
    @Autowired
    JdbcTemplate jdbc;

    private long user;
    private long eventId;

    private void seatedEvent() {
        user = jdbc.queryForObject("insert into users (name) values ('ana') returning id", Long.class);
        eventId = jdbc.queryForObject("insert into events (name, hold_seconds) values ('Play', 300) returning id",
                Long.class);
        jdbc.update("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold, seated)
                values (?, 'stalls', 'Stalls', 0, 4, 4, 0, 0, true)""", eventId);
    }

    private UUID request(String status, String problemCode, UUID reservationId, String unavailableSeats) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into requests (id, type, event_id, user_id, reservation_id, status, problem_code,
                                      problem_detail, unavailable_seats, fingerprint, submitted_at, completed_at)
                values (?, 'reserve', ?, ?, ?, ?, ?, 'detail', ?::text[], 'f', now(), now())""",
                id, eventId, user, reservationId, status, problemCode, unavailableSeats);
        return id;
    }

    @Test
    void aRejectedPickReadsItsUnavailableSeatsInTheirOrder() {
        seatedEvent();
        UUID rejected = request("rejected", "seats_unavailable", null, "{B-2,A-4,Z-9}");

        RequestDocument outcome = requests.findSettled(rejected);

        assertThat(outcome.status()).isEqualTo("rejected");
        assertThat(Problems.codeOf(outcome.problem())).isEqualTo(Rejection.SEATS_UNAVAILABLE.code());
        assertThat(outcome.problem().getProperties()).containsEntry(Problems.UNAVAILABLE_SEATS,
                List.of("B-2", "A-4", "Z-9"));
    }

    @Test
    void aHeldPickReadsItsSeatsAndAnotherRejectionNone() {
        seatedEvent();
        UUID reservationId = UUID.randomUUID();
        jdbc.update("""
                insert into reservations (id, event_id, section_code, user_id, quantity, status, request_id,
                                          expires_at, created_at, seats)
                values (?, ?, 'stalls', ?, 2, 'held', ?, now() + interval '5 minutes', now(), '{A-1,A-2}')""",
                reservationId, eventId, user, UUID.randomUUID());
        UUID held = request("succeeded", null, reservationId, null);
        UUID noAdjacent = request("rejected", "no_adjacent_seats", null, null);

        var outcomes = requests.findSettled(List.of(held, noAdjacent));

        assertThat(outcomes.get(held).reservation().seats()).containsExactly("A-1", "A-2");
        assertThat(outcomes.get(held).problem()).isNull();
        assertThat(Problems.codeOf(outcomes.get(noAdjacent).problem())).isEqualTo(Rejection.NO_ADJACENT_SEATS.code());
        assertThat(outcomes.get(noAdjacent).problem().getProperties()).doesNotContainKey(Problems.UNAVAILABLE_SEATS);
    }
}
