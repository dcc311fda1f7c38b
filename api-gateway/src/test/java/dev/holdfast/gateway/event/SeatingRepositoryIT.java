package dev.holdfast.gateway.event;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's SQL of reserved seating against a real PostgreSQL with the project's migrations: a seated section
 * and its rows are created with the event, and read back as the event document and the shape. Tests keep apart by
 * their own events; nothing is rolled back, so what is read is what was committed.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class SeatingRepositoryIT {

    /**
     * The repositories under test, and nothing else of the gateway. A plain configuration, not a
     * {@code @SpringBootConfiguration}: the web slices of this package would take that for the application.
     */
    @Configuration(proxyBeanMethods = false)
    @Import(EventRepository.class)
    static class Repositories {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    EventRepository events;
    @Autowired
    JdbcTemplate jdbc;

    static final List<EventRepository.NewSection> SECTIONS = List.of(
            new EventRepository.NewSection("stalls", "Stalls", 9, List.of(
                    new EventRepository.NewRow("A", List.of(2), "AAAA", "w..w"),
                    new EventRepository.NewRow("B", List.of(2, 4), "AAAAAB", "......"))),
            new EventRepository.NewSection("standing", "Standing", 50));

    long newEvent() {
        return events.create("Play", null, 300, 4, 0, SECTIONS);
    }

    @Test
    void aSeatedSectionIsCreatedWithItsRowsInTheEventsTransaction() {
        long eventId = newEvent();

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select row_index, label, aisle_after::text as aisles, statuses, accessible
                  from seat_rows where event_id = ? and section_code = 'stalls' order by row_index""", eventId);
        assertThat(rows).containsExactly(
                Map.of("row_index", 0, "label", "A", "aisles", "{2}", "statuses", "AAAA", "accessible", "w..w"),
                Map.of("row_index", 1, "label", "B", "aisles", "{2,4}", "statuses", "AAAAAB",
                        "accessible", "......"));
        assertThat(jdbc.queryForList("select code, seated, capacity, available from sections where event_id = ? "
                + "order by position", eventId)).containsExactly(
                Map.of("code", "stalls", "seated", true, "capacity", 9, "available", 9),
                Map.of("code", "standing", "seated", false, "capacity", 50, "available", 50));
    }

    @Test
    void theEventDocumentAndTheShapeSayWhichSectionsAreSeated() {
        long eventId = newEvent();

        EventDocument document = events.find(eventId).orElseThrow();
        assertThat(document.sections()).extracting(EventDocument.SectionDocument::seated).containsExactly(true, false);
        assertThat(document.capacity()).isEqualTo(59);
        EventShape shape = events.shape(eventId).orElseThrow();
        assertThat(shape.isSeated("stalls")).isTrue();
        assertThat(shape.isSeated("standing")).isFalse();
    }

    @Test
    void theSeatMapReadsCountersAndRowsOfOneMoment() {
        long eventId = newEvent();
        // the worker holds and sells B-1
        jdbc.update("update seat_rows set statuses = 'AHHA' where event_id = ? and section_code = 'stalls' "
                + "and row_index = 0", eventId);
        jdbc.update("update seat_rows set statuses = 'SAAAAB' where event_id = ? and section_code = 'stalls' "
                + "and row_index = 1", eventId);
        jdbc.update("update sections set available = 6, held = 2, sold = 1 where event_id = ? and code = 'stalls'",
                eventId);

        SeatMapDocument map = events.seatMap(eventId, "stalls").orElseThrow();

        assertThat(map).isEqualTo(new SeatMapDocument(eventId, "stalls", 9, 6, 2, 1, List.of(
                new SeatMapDocument.Row("A", "AHHA", List.of(2)),
                new SeatMapDocument.Row("B", "SAAAAB", List.of(2, 4))), List.of("A-1", "A-4")));
    }

    @Test
    void aGeneralAdmissionOrUnknownSectionHasNoSeatMap() {
        long eventId = newEvent();

        assertThat(events.seatMap(eventId, "standing")).isEmpty();
        assertThat(events.seatMap(eventId, "pit")).isEmpty();
        assertThat(events.seatMap(eventId + 1_000_000, "stalls")).isEmpty();
    }

    @Test
    void theStreamReadsTheDocumentAndTheSeatedSectionsRowsTogether() {
        long eventId = newEvent();
        jdbc.update("update seat_rows set statuses = 'HAAA' where event_id = ? and section_code = 'stalls' "
                + "and row_index = 0", eventId);

        EventRepository.LiveEvent live = events.live(eventId).orElseThrow();

        assertThat(live.document().id()).isEqualTo(eventId);
        assertThat(live.seats()).containsOnlyKeys("stalls");
        assertThat(live.seats().get("stalls")).containsExactly(new SeatChanges.Row("A", "HAAA"),
                new SeatChanges.Row("B", "AAAAAB"));
        long generalAdmission = events.create("Gig", null, 300, null, 0,
                List.of(new EventRepository.NewSection("general", "General", 10)));
        assertThat(events.live(generalAdmission).orElseThrow().seats()).isEmpty();
        assertThat(events.live(generalAdmission + 1_000_000)).isEmpty();
    }
}
