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

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Text PostgreSQL cannot store, and other poison, is a 422 of its field when an event is created; never a 500. */
@WebMvcTest(EventController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class UnstorableEventTextTest {

    private static final String ADMIN = "Bearer admin";
    private static final String UNSTORABLE = "must not contain NUL (U+0000) or unpaired surrogate characters";

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

    private void nothingCreated() {
        verify(events, never()).create(anyString(), any(), anyInt(), any(), anyInt(), anyList());
    }

    @Test
    void anEventNameWithANulIsAValidationErrorOfTheName() throws Exception {
        create("{\"name\":\"Con\\u0000cert\",\"capacity\":10}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.name[0]").value(UNSTORABLE));
        nothingCreated();
    }

    @Test
    void aSectionCodeOrNameWithUnstorableTextIsAValidationErrorOfItsPath() throws Exception {
        create("{\"name\":\"x\",\"sections\":[{\"code\":\"a\",\"capacity\":1},{\"code\":\"b\\u0000\",\"capacity\":1}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['sections[1].code'][0]").value(UNSTORABLE));
        create("{\"name\":\"x\",\"sections\":[{\"code\":\"a\",\"name\":\"Floor \\udbff\",\"capacity\":1}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['sections[0].name'][0]").value(UNSTORABLE));
        nothingCreated();
    }

    @Test
    void aHugeNumberIsAValidationErrorNotAServerError() throws Exception {
        create("{\"name\":\"x\",\"capacity\":99999999999999999999999999}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        create("{\"name\":\"x\",\"capacity\":" + "9".repeat(5_000) + "}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        create("{\"name\":\"x\",\"capacity\":1e999999}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        nothingCreated();
    }

    @Test
    void aMegabyteSectionNameIsAValidationErrorNotAServerError() throws Exception {
        create("{\"name\":\"x\",\"sections\":[{\"code\":\"a\",\"name\":\"" + "n".repeat(1 << 20) + "\",\"capacity\":1}]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['sections[0].name']").exists());
        nothingCreated();
    }

    @Test
    void deeplyNestedSectionsAreAValidationErrorNotAServerError() throws Exception {
        create("{\"name\":\"x\",\"sections\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        nothingCreated();
    }
}
