package dev.holdfast.gateway.reservation;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.command.Submitted;
import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.config.TestCaches;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.event.EventShape;
import dev.holdfast.gateway.problem.ApiException;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ReservationController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, TestCaches.class, RequestValidator.class})
class ReservationControllerTest {

    private static final String USER = "Bearer user-token";
    private static final long SINGLE = 1;
    private static final long MULTI = 2;

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventCatalog catalog;
    @MockitoBean
    CommandPipeline commands;
    @MockitoBean
    ReservationRepository reservations;

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(USER)).thenReturn(new Caller(7L));
        when(authenticator.authenticate(isNull())).thenThrow(ApiException.unauthorized("send a token"));
        when(catalog.require(SINGLE)).thenReturn(new EventShape(SINGLE, List.of(new EventShape.Section("general", 100)), null));
        when(catalog.require(MULTI)).thenReturn(new EventShape(MULTI, List.of(new EventShape.Section("floor", 100), new EventShape.Section("balcony", 100)), null));
        when(catalog.require(99L)).thenThrow(ApiException.notFound("no event 99"));
    }

    private ResultActions reserve(long eventId, String body) throws Exception {
        return mvc.perform(post("/api/events/" + eventId + "/reservations").header("Authorization", USER)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void nothingEnqueued() {
        Submitted.nothing(commands);
    }

    @Test
    void aReserveWithoutBodyHoldsOneTicketOfTheOnlySection() throws Exception {
        mvc.perform(post("/api/events/1/reservations").header("Authorization", USER)).andExpect(status().isOk());

        ReserveCommand command = Submitted.command(commands, CommandType.RESERVE, ReserveCommand.class);
        assertThat(command.quantity()).isEqualTo(1);
        assertThat(command.section()).isEqualTo("general");
        assertThat(command.userId()).isEqualTo(7);
    }

    @Test
    void aReserveWithoutTokenIsUnauthorizedBeforeTheBodyIsRead() throws Exception {
        mvc.perform(post("/api/events/1/reservations").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("unauthorized"))
                .andExpect(jsonPath("$.status").value(401));
        nothingEnqueued();
    }

    @Test
    void aFractionalQuantityIsAValidationError() throws Exception {
        reserve(SINGLE, "{\"quantity\":1.5}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.quantity[0]").value("must be an integer"));
        nothingEnqueued();
    }

    @Test
    void aQuantityGivenAsTextIsAValidationError() throws Exception {
        reserve(SINGLE, "{\"quantity\":\"2\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.quantity").exists());
        nothingEnqueued();
    }

    @Test
    void aQuantityOutOfRangeIsAValidationError() throws Exception {
        reserve(SINGLE, "{\"quantity\":0}").andExpect(status().isUnprocessableEntity());
        reserve(SINGLE, "{\"quantity\":101}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.quantity[0]").value("must be between 1 and 100"));
        nothingEnqueued();
    }

    @Test
    void aBodyThatIsNotJsonIsAValidationErrorOfTheBody() throws Exception {
        reserve(SINGLE, "{\"quantity\":").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.body").exists());
        nothingEnqueued();
    }

    @Test
    void anUnknownSectionIsAValidationError() throws Exception {
        reserve(MULTI, "{\"section\":\"pit\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.section").exists());
        nothingEnqueued();
    }

    @Test
    void theSectionIsRequiredWhenTheEventHasSeveral() throws Exception {
        reserve(MULTI, "{\"quantity\":2}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.section").exists());
        nothingEnqueued();
    }

    @Test
    void anUnknownEventIsNotFound() throws Exception {
        reserve(99, "{}").andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        nothingEnqueued();
    }

    @Test
    void anEventIdThatIsNotANumberIsAValidationError() throws Exception {
        mvc.perform(post("/api/events/abc/reservations").header("Authorization", USER))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.eventId[0]").value("must be an integer"));
    }

    @Test
    void someoneElsesReservationIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        when(reservations.find(id, 7L)).thenReturn(Optional.empty());
        mvc.perform(get("/api/reservations/" + id).header("Authorization", USER))
                .andExpect(status().isNotFound());
    }

    @Test
    void anUnknownStatusFilterIsAValidationError() throws Exception {
        mvc.perform(get("/api/reservations?status=lost").header("Authorization", USER))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.status").exists());
    }

    @Test
    void aPaymentReferenceLongerThan64CharactersIsAValidationError() throws Exception {
        UUID id = UUID.randomUUID();
        when(reservations.ownership(id)).thenReturn(Optional.of(new ReservationRepository.Ownership(SINGLE, 7)));
        mvc.perform(post("/api/reservations/" + id + "/purchase").header("Authorization", USER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"paymentReference\":\"" + "p".repeat(65) + "\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.paymentReference").exists());
        nothingEnqueued();
    }

    @Test
    void aPurchaseOfSomeoneElsesReservationIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        when(reservations.ownership(id)).thenReturn(Optional.of(new ReservationRepository.Ownership(SINGLE, 8)));
        mvc.perform(post("/api/reservations/" + id + "/purchase").header("Authorization", USER))
                .andExpect(status().isNotFound());
        nothingEnqueued();
    }

    @Test
    void aBodyThatIsNotJsonTypedIsRefusedWithAProblem() throws Exception {
        mvc.perform(post("/api/events/1/reservations").header("Authorization", USER)
                        .contentType(MediaType.TEXT_PLAIN).content("quantity=1"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        Submitted.nothing(commands);
    }

    @Test
    void aPaymentReferenceWithANulIsAValidationErrorAndNothingIsEnqueued() throws Exception {
        UUID id = UUID.randomUUID();
        when(reservations.ownership(id)).thenReturn(Optional.of(new ReservationRepository.Ownership(SINGLE, 7)));
        mvc.perform(post("/api/reservations/" + id + "/purchase").header("Authorization", USER)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"paymentReference\":\"pay\\u0000x\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.paymentReference[0]")
                        .value("must not contain NUL (U+0000) or unpaired surrogate characters"));
        mvc.perform(post("/api/reservations/" + id + "/purchase").header("Authorization", USER)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"paymentReference\":\"pay\\ud800\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.paymentReference").exists());
        nothingEnqueued();
    }

    @Test
    void aSectionWithANulIsAValidationErrorOfTheSection() throws Exception {
        reserve(MULTI, "{\"section\":\"floor\\u0000\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.section[0]")
                        .value("must not contain NUL (U+0000) or unpaired surrogate characters"));
        nothingEnqueued();
    }

    @Test
    void aQuantityTooLargeForAnIntegerIsAValidationError() throws Exception {
        reserve(SINGLE, "{\"quantity\":99999999999999999999}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        nothingEnqueued();
    }
}
