package dev.holdfast.gateway.reservation;

import dev.holdfast.gateway.read.ReservationDocument;
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

/** A reservation's seats in its document and its owner's list, from a real PostgreSQL; null for general admission. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ReservationSeatsIT {

    /** The repository under test alone; a plain configuration, so no web slice takes it for the application. */
    @Configuration(proxyBeanMethods = false)
    @Import(ReservationRepository.class)
    static class Repositories {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    ReservationRepository reservations;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSeatedReservationReadsItsSeatsAndAGeneralAdmissionOneNull() {
        long user = jdbc.queryForObject("insert into users (name) values ('ana') returning id", Long.class);
        long eventId = jdbc.queryForObject("insert into events (name, hold_seconds) values ('Play', 300) returning id",
                Long.class);
        jdbc.update("""
                insert into sections (event_id, code, name, position, capacity, available, held, sold, seated)
                values (?, 'stalls', 'Stalls', 0, 4, 4, 0, 0, true), (?, 'floor', 'Floor', 1, 9, 9, 0, 0, false)""",
                eventId, eventId);
        UUID seated = UUID.randomUUID();
        UUID standing = UUID.randomUUID();
        jdbc.update("""
                insert into reservations (id, event_id, section_code, user_id, quantity, status, request_id,
                                          expires_at, created_at, seats)
                values (?, ?, 'stalls', ?, 2, 'held', ?, now() + interval '5 minutes', now(), '{B-3,B-4}'),
                       (?, ?, 'floor', ?, 1, 'held', ?, now() + interval '5 minutes', now() - interval '1 second',
                        null)""",
                seated, eventId, user, UUID.randomUUID(), standing, eventId, user, UUID.randomUUID());

        assertThat(reservations.find(seated, user).orElseThrow().seats()).containsExactly("B-3", "B-4");
        assertThat(reservations.find(standing, user).orElseThrow().seats()).isNull();
        assertThat(reservations.list(user, eventId, "held", 10)).extracting(ReservationDocument::seats)
                .containsExactly(List.of("B-3", "B-4"), null);
    }
}
