package dev.holdfast.gateway.waitlist;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.command.Submitted;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.event.EventShape;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A waiting-list join that could never be offered is refused before it is enqueued, so it cannot freeze a section. */
@WebMvcTest(WaitlistController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class WaitlistControllerTest {

    private static final String USER = "Bearer user-token";
    private static final long LIMITED = 1;
    private static final long UNLIMITED = 2;

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventCatalog catalog;
    @MockitoBean
    CommandPipeline commands;
    @MockitoBean
    WaitlistRepository entries;

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(USER)).thenReturn(new Caller(7L));
        when(catalog.require(LIMITED)).thenReturn(new EventShape(LIMITED,
                List.of(new EventShape.Section("floor", 10), new EventShape.Section("balcony", 100)), 4));
        when(catalog.require(UNLIMITED)).thenReturn(new EventShape(UNLIMITED,
                List.of(new EventShape.Section("general", 10)), null));
    }

    private ResultActions join(long eventId, String body) throws Exception {
        return mvc.perform(post("/api/events/" + eventId + "/waitlist").header("Authorization", USER)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void nothingEnqueued() {
        Submitted.nothing(commands);
    }

    @Test
    void aJoinForMoreThanTheSectionsCapacityIsAValidationErrorOfQuantity() throws Exception {
        join(UNLIMITED, "{\"quantity\":50}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.quantity[0]").value(containsString("capacity (10)")));
        nothingEnqueued();
    }

    @Test
    void aJoinForMoreThanMaxTicketsPerUserIsAValidationErrorOfQuantity() throws Exception {
        join(LIMITED, "{\"quantity\":5,\"section\":\"balcony\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.quantity[0]").value(containsString("maxTicketsPerUser (4)")));
        nothingEnqueued();
    }

    @Test
    void aJoinOfTheWholeSectionWithinTheLimitIsEnqueued() throws Exception {
        join(UNLIMITED, "{\"quantity\":10}").andExpect(status().isOk());

        var command = Submitted.command(commands, CommandType.WAITLIST_JOIN, JoinWaitlistCommand.class);
        assertThat(command.quantity()).isEqualTo(10);
        assertThat(command.section()).isEqualTo("general");
    }

    @Test
    void aJoinWithAPoisonedSectionIsAValidationErrorOfTheSection() throws Exception {
        join(LIMITED, "{\"quantity\":1,\"section\":\"floor\\u0000\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.section").exists());
        nothingEnqueued();
    }
}
