package dev.holdfast.gateway.event;

import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.validation.RequestValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(EventController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class EventControllerTest {

    private static final String ADMIN = "Bearer admin";
    private static final String USER = "Bearer user";

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
        when(authenticator.authenticate(USER)).thenReturn(new Caller(7L));
    }

    private ResultActions create(String token, String body) throws Exception {
        return mvc.perform(post("/api/events").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void nothingCreated() {
        verify(events, never()).create(anyString(), any(), anyInt(), any(), anyInt(), anyList());
    }

    @Test
    void theCapacityShorthandMakesOneGeneralSection() throws Exception {
        when(events.create(eq("Concert"), any(), eq(300), any(), eq(0),
                eq(List.of(new EventRepository.NewSection("general", "General", 100))))).thenReturn(42L);
        when(events.find(42)).thenReturn(Optional.of(EventDocument.of(42, "Concert", null, 300, null, 0,
                List.of(new EventDocument.SectionDocument("general", "General", false, 100, 100, 0, 0, 0)),
                Instant.parse("2026-11-21T10:15:30.123456Z"))));

        create(ADMIN, "{\"name\":\"Concert\",\"capacity\":100}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/events/42"))
                .andExpect(jsonPath("$.capacity").value(100))
                .andExpect(jsonPath("$.available").value(100))
                .andExpect(jsonPath("$.sections[0].code").value("general"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-21T10:15:30.123Z"));
    }

    @Test
    void aUserTokenIsForbiddenToCreateEvents() throws Exception {
        create(USER, "{\"name\":\"Concert\",\"capacity\":100}")
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        nothingCreated();
    }

    @Test
    void capacityAndSectionsTogetherAreAValidationError() throws Exception {
        create(ADMIN, "{\"name\":\"x\",\"capacity\":5,\"sections\":[{\"code\":\"a\",\"capacity\":5}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.sections").exists());
        nothingCreated();
    }

    @Test
    void everySectionProblemIsReportedByItsPath() throws Exception {
        create(ADMIN, """
                {"name":"x","holdSeconds":0,"sections":[{"code":"Floor!","capacity":5},{"code":"b","capacity":-1},
                 {"code":"b","capacity":1}]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.holdSeconds").exists())
                .andExpect(jsonPath("$.errors['sections[0].code']").exists())
                .andExpect(jsonPath("$.errors['sections[1].capacity']").exists())
                .andExpect(jsonPath("$.errors['sections[2].code'][0]").value("duplicates another section's code"));
        nothingCreated();
    }

    @Test
    void aWronglyTypedFieldIsReportedByItsPath() throws Exception {
        create(ADMIN, "{\"name\":\"x\",\"sections\":[{\"code\":\"a\",\"capacity\":\"many\"}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['sections[0].capacity']").exists());
        create(ADMIN, "{\"name\":\"x\",\"capacity\":10,\"startsAt\":\"tomorrow\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.startsAt").exists());
        nothingCreated();
    }

    @Test
    void anEventNeedsANameAndSomeTickets() throws Exception {
        create(ADMIN, "{}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.name").exists())
                .andExpect(jsonPath("$.errors.sections").exists());
        nothingCreated();
    }

    @Test
    void listingParametersAreValidated() throws Exception {
        mvc.perform(get("/api/events?limit=abc")).andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.limit").exists());
        mvc.perform(get("/api/events?limit=0")).andExpect(status().isUnprocessableEntity());
        mvc.perform(get("/api/events?afterId=-1")).andExpect(status().isUnprocessableEntity());
    }

    @Test
    void theLastPageHasNoNextAfterId() throws Exception {
        when(events.page(0, 51)).thenReturn(List.of());
        mvc.perform(get("/api/events")).andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.nextAfterId").doesNotExist());
    }
}
