package dev.holdfast.gateway.event;

import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.config.TestCaches;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code GET /api/events/{id}/sections/{code}/seats}: the seat map of API.md v1.2, its ETag and its 404s. */
@WebMvcTest(SeatMapController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, TestCaches.class, SeatMaps.class})
class SeatMapControllerTest {

    private static final SeatMapDocument STALLS = new SeatMapDocument(42, "stalls", 9, 5, 2, 2, List.of(
            new SeatMapDocument.Row("A", "AAHH", List.of(2)),
            new SeatMapDocument.Row("B", "AASSAB", List.of(2, 4))), List.of("A-1", "A-4"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventCatalog catalog;
    @MockitoBean
    EventRepository events;

    @BeforeEach
    void setUp() {
        when(catalog.require(42)).thenReturn(new EventShape(42, List.of(new EventShape.Section("stalls", 9, true),
                new EventShape.Section("floor", 100)), null));
        when(catalog.require(99)).thenThrow(ApiException.notFound("no event 99"));
        when(events.seatMap(42, "stalls")).thenReturn(Optional.of(STALLS));
    }

    @Test
    void aSeatedSectionAnswersItsSeatMapWithAnETag() throws Exception {
        mvc.perform(get("/api/events/42/sections/stalls/seats"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"eventId":42,"section":"stalls","capacity":9,"available":5,"held":2,"sold":2,
                         "rows":[{"row":"A","seats":"AAHH","aisleAfter":[2]},
                                 {"row":"B","seats":"AASSAB","aisleAfter":[2,4]}],
                         "accessible":["A-1","A-4"]}""", true))
                .andExpect(header().string("ETag", SeatMaps.tagged(STALLS).etag()))
                .andExpect(header().string("Cache-Control", "no-cache"));
    }

    @Test
    void theCurrentTagInIfNoneMatchAnswers304WithoutABody() throws Exception {
        MvcResult first = mvc.perform(get("/api/events/42/sections/stalls/seats")).andReturn();
        String etag = first.getResponse().getHeader("ETag");

        MvcResult again = mvc.perform(get("/api/events/42/sections/stalls/seats").header("If-None-Match", etag))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", etag))
                .andReturn();
        assertThat(again.getResponse().getContentLength()).isZero();
        mvc.perform(get("/api/events/42/sections/stalls/seats").header("If-None-Match", "\"another\", " + etag))
                .andExpect(status().isNotModified());
    }

    @Test
    void anOldTagInIfNoneMatchAnswersTheMap() throws Exception {
        mvc.perform(get("/api/events/42/sections/stalls/seats").header("If-None-Match", "\"0123456789\""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[0].seats").value("AAHH"));
    }

    @Test
    void anUnknownEventOrSectionIsNotFound() throws Exception {
        mvc.perform(get("/api/events/99/sections/stalls/seats"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/events/42/sections/pit/seats"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        verify(events, never()).seatMap(anyLong(), anyString());
    }

    @Test
    void aGeneralAdmissionSectionHasNoSeatMap() throws Exception {
        mvc.perform(get("/api/events/42/sections/floor/seats"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.detail").value("section 'floor' of event 42 is general admission: it has no "
                        + "seat map"));
        verify(events, never()).seatMap(anyLong(), anyString());
    }

    @Test
    void anEventIdThatIsNotANumberIsAValidationError() throws Exception {
        mvc.perform(get("/api/events/abc/sections/stalls/seats"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.eventId").exists());
    }
}
