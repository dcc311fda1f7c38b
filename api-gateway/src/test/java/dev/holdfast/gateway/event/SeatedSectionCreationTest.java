package dev.holdfast.gateway.event;

import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.command.Submitted;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.validation.RequestValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Seated sections as an event is created (API.md v1.2, "Creating a seated section"), and their capacity. */
@WebMvcTest(EventController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class SeatedSectionCreationTest {

    private static final String ADMIN = "Bearer admin";
    private static final String SEATING = "$.errors['sections[0].seating";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventRepository events;
    @MockitoBean
    EventCatalog catalog;
    @MockitoBean
    CommandPipeline commands;
    @MockitoBean
    EventStreams streams;

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(ADMIN)).thenReturn(new Caller(null));
    }

    private ResultActions create(String body) throws Exception {
        return mvc.perform(post("/api/events").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** An event of one section with this seating. */
    private ResultActions createSeating(String seating) throws Exception {
        return create("{\"name\":\"Play\",\"sections\":[{\"code\":\"stalls\",\"seating\":" + seating + "}]}");
    }

    private void nothingCreated() {
        verify(events, never()).create(anyString(), any(), anyInt(), any(), anyInt(), anyList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSeatedSectionIsCreatedWithItsRowsAndACapacityOfItsSeatsThatAreNotBlocked() throws Exception {
        when(events.create(anyString(), any(), anyInt(), any(), anyInt(), anyList())).thenReturn(42L);
        when(events.find(42)).thenReturn(Optional.of(EventDocument.of(42, "Play", null, 300, null, 0,
                List.of(new EventDocument.SectionDocument("stalls", "Stalls", true, 9, 9, 0, 0, 0),
                        new EventDocument.SectionDocument("standing", "standing", false, 50, 50, 0, 0, 0)),
                Instant.parse("2026-11-21T10:15:30Z"))));

        create("""
                {"name":"Play","sections":[
                  {"code":"stalls","name":"Stalls","seating":{
                    "rows":[{"row":"A","seats":4,"aisleAfter":[2]},{"row":"B","seats":6,"aisleAfter":[4,2]}],
                    "accessible":["A-1","A-4"],"blocked":["B-6"]}},
                  {"code":"standing","capacity":50}]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.sections[0].seated").value(true))
                .andExpect(jsonPath("$.sections[1].seated").value(false));

        ArgumentCaptor<List<EventRepository.NewSection>> sections = ArgumentCaptor.forClass(List.class);
        verify(events).create(eq("Play"), any(), eq(300), any(), eq(0), sections.capture());
        assertThat(sections.getValue()).containsExactly(
                new EventRepository.NewSection("stalls", "Stalls", 9, List.of(
                        new EventRepository.NewRow("A", List.of(2), "AAAA", "w..w"),
                        new EventRepository.NewRow("B", List.of(2, 4), "AAAAAB", "......"))),
                new EventRepository.NewSection("standing", "standing", 50));
    }

    @Test
    void capacityAndSeatingTogetherAreAValidationErrorOfTheSeating() throws Exception {
        create("""
                {"name":"x","sections":[{"code":"a","capacity":5,"seating":{"rows":[{"row":"A","seats":5}]}}]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + "']").exists());
        nothingCreated();
    }

    @Test
    void aSectionWithNeitherCapacityNorSeatingIsAValidationError() throws Exception {
        create("{\"name\":\"x\",\"sections\":[{\"code\":\"a\"}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['sections[0].capacity'][0]")
                        .value("is required, or seating for a seated section"));
        nothingCreated();
    }

    @Test
    void aSeatingNeedsBetweenOneAnd200Rows() throws Exception {
        createSeating("{}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows']").exists());
        createSeating("{\"rows\":[]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows']").exists());
        String rows = IntStream.range(0, 201).mapToObj(i -> "{\"row\":\"R" + i + "\",\"seats\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        createSeating("{\"rows\":" + rows + "}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows'][0]").value("at most 200 rows"));
        nothingCreated();
    }

    @Test
    void twoHundredRowsOfTwoHundredSeatsAreAllowed() throws Exception {
        when(events.create(anyString(), any(), anyInt(), any(), anyInt(), anyList())).thenReturn(1L);
        when(events.find(1)).thenReturn(Optional.of(EventDocument.of(1, "Play", null, 300, null, 0,
                List.of(new EventDocument.SectionDocument("stalls", "stalls", true, 40_000, 40_000, 0, 0, 0)),
                Instant.parse("2026-11-21T10:15:30Z"))));
        String rows = IntStream.range(0, 200).mapToObj(i -> "{\"row\":\"R" + i + "\",\"seats\":200}")
                .collect(Collectors.joining(",", "[", "]"));

        createSeating("{\"rows\":" + rows + "}").andExpect(status().isCreated());
    }

    @Test
    void rowLabelsMatchTheirPatternAndAreUniqueWithinTheSection() throws Exception {
        createSeating("""
                {"rows":[{"row":"a","seats":5},{"row":"ABCDE","seats":5},{"row":"B","seats":5},{"row":"B","seats":5},
                 {"seats":5},{"row":"A-1","seats":5}]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[0].row'][0]").value("must match [A-Z0-9]{1,4}"))
                .andExpect(jsonPath(SEATING + ".rows[1].row']").exists())
                .andExpect(jsonPath(SEATING + ".rows[2].row']").doesNotExist())
                .andExpect(jsonPath(SEATING + ".rows[3].row'][0]").value("duplicates another row's label"))
                .andExpect(jsonPath(SEATING + ".rows[4].row'][0]").value("is required"))
                .andExpect(jsonPath(SEATING + ".rows[5].row']").exists());
        nothingCreated();
    }

    @Test
    void aRowHasOneTo200Seats() throws Exception {
        createSeating("""
                {"rows":[{"row":"A","seats":0},{"row":"B","seats":201},{"row":"C"},{"row":"D","seats":"ten"}]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[3].seats'][0]").value("must be an integer"));
        createSeating("{\"rows\":[{\"row\":\"A\",\"seats\":0},{\"row\":\"B\",\"seats\":201},{\"row\":\"C\"}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[0].seats'][0]").value("must be between 1 and 200"))
                .andExpect(jsonPath(SEATING + ".rows[1].seats'][0]").value("must be between 1 and 200"))
                .andExpect(jsonPath(SEATING + ".rows[2].seats'][0]").value("is required"));
        createSeating("{\"rows\":[null]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[0]'][0]").value("must be an object"));
        nothingCreated();
    }

    @Test
    void aislesAreDistinctSeatNumbersBetweenOneAndTheRowsSeatsLessOne() throws Exception {
        createSeating("""
                {"rows":[{"row":"A","seats":10,"aisleAfter":[0]},{"row":"B","seats":10,"aisleAfter":[10]},
                 {"row":"C","seats":10,"aisleAfter":[3,3]},{"row":"D","seats":10,"aisleAfter":[null]},
                 {"row":"E","seats":1,"aisleAfter":[1]},{"row":"F","seats":10,"aisleAfter":[1,9]}]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[0].aisleAfter'][0]")
                        .value("must hold seat numbers between 1 and 9 (the row's seats less one)"))
                .andExpect(jsonPath(SEATING + ".rows[1].aisleAfter']").exists())
                .andExpect(jsonPath(SEATING + ".rows[2].aisleAfter'][0]").value("names seat 3 twice"))
                .andExpect(jsonPath(SEATING + ".rows[3].aisleAfter']").exists())
                .andExpect(jsonPath(SEATING + ".rows[4].aisleAfter'][0]")
                        .value("must be empty: a row of one seat has no aisle"))
                .andExpect(jsonPath(SEATING + ".rows[5].aisleAfter']").doesNotExist());
        nothingCreated();
    }

    @Test
    void accessibleAndBlockedNameExistingSeatsOnce() throws Exception {
        createSeating("""
                {"rows":[{"row":"A","seats":10},{"row":"B","seats":10}],
                 "accessible":["A-1","C-1","A-11","a-1","A-01",null,"A-1"],
                 "blocked":["B-10","B-10","B-0"]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".accessible']", hasSize(6)))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("C-1 is not a seat of the section")))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("A-11 is not a seat of the section")))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("a-1 is not a seat id such as A-12")))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("A-01 is not a seat id such as A-12")))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("null is not a seat id such as A-12")))
                .andExpect(jsonPath(SEATING + ".accessible']", hasItem("A-1 is named more than once")))
                .andExpect(jsonPath(SEATING + ".blocked']", hasSize(2)))
                .andExpect(jsonPath(SEATING + ".blocked']", hasItem("B-10 is named more than once")))
                .andExpect(jsonPath(SEATING + ".blocked']", hasItem("B-0 is not a seat id such as A-12")));
        nothingCreated();
    }

    @Test
    void aPlaceIsEitherAccessibleOrBlocked() throws Exception {
        createSeating("""
                {"rows":[{"row":"A","seats":10}],"accessible":["A-1","A-2"],"blocked":["A-2"]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".blocked'][0]")
                        .value("A-2 is also accessible: a place is either accessible or blocked"));
        nothingCreated();
    }

    @Test
    void aFloodOfBadSeatIdsIsAnsweredWithAFewNamedAndTheRestCounted() throws Exception {
        String ids = IntStream.range(0, 5_000).mapToObj(i -> "\"Z" + i / 100 + "-" + (i % 100 + 1) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        createSeating("{\"rows\":[{\"row\":\"A\",\"seats\":10}],\"blocked\":" + ids + "}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".blocked']", hasSize(11)))
                .andExpect(jsonPath(SEATING + ".blocked'][10]")
                        .value("and 4990 more: each is not a seat of the section"));
        nothingCreated();
    }

    @Test
    void seatListsAreNotJudgedWhileARowIsWrong() throws Exception {
        createSeating("{\"rows\":[{\"row\":\"a\",\"seats\":10}],\"accessible\":[\"a-1\"]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath(SEATING + ".rows[0].row']").exists())
                .andExpect(jsonPath(SEATING + ".accessible']").doesNotExist());
        nothingCreated();
    }

    @Test
    void theEventDocumentSaysWhichSectionsAreSeated() throws Exception {
        when(events.find(42)).thenReturn(Optional.of(EventDocument.of(42, "Play", null, 300, null, 0,
                List.of(new EventDocument.SectionDocument("stalls", "Stalls", true, 9, 7, 1, 1, 0),
                        new EventDocument.SectionDocument("standing", "Standing", false, 50, 50, 0, 0, 0)),
                Instant.parse("2026-11-21T10:15:30Z"))));

        mvc.perform(get("/api/events/42")).andExpect(status().isOk())
                .andExpect(jsonPath("$.sections[0].seated").value(true))
                .andExpect(jsonPath("$.sections[1].seated").value(false))
                .andExpect(jsonPath("$.capacity").value(59));
    }

    @Test
    void aSeatedSectionsCapacityCannotBeChangedWithTheCapacityEndpoint() throws Exception {
        when(catalog.require(42)).thenReturn(new EventShape(42, List.of(new EventShape.Section("stalls", 9, true),
                new EventShape.Section("standing", 50)), null));

        mvc.perform(put("/api/events/42/sections/stalls/capacity").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"capacity\":20}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.capacity").exists());
        Submitted.nothing(commands);
    }
}
