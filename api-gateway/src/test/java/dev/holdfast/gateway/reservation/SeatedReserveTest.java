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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The reserve body's seat options (API.md v1.2, "Reserving seats" and "Validation"). */
@WebMvcTest(ReservationController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, TestCaches.class, RequestValidator.class})
class SeatedReserveTest {

    private static final String USER = "Bearer user-token";
    /** An event with a seated section, stalls, and a general-admission one, floor. */
    private static final long THEATRE = 3;
    private static final String MALFORMED = "must be a seat id such as A-12: a row label of 1 to 4 capital letters "
            + "or digits, a dash, and a seat number without a leading zero";

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
        when(catalog.require(THEATRE)).thenReturn(new EventShape(THEATRE, List.of(
                new EventShape.Section("stalls", 49, true), new EventShape.Section("floor", 100)), null));
    }

    private ResultActions reserve(String body) throws Exception {
        return mvc.perform(post("/api/events/" + THEATRE + "/reservations").header("Authorization", USER)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ReserveCommand submitted() {
        return Submitted.command(commands, CommandType.RESERVE, ReserveCommand.class);
    }

    private void nothingEnqueued() {
        Submitted.nothing(commands);
    }

    @Test
    void pickedSeatsAreSubmittedAndSetTheQuantity() throws Exception {
        reserve("{\"section\":\"stalls\",\"seats\":[\"A-11\",\"A-12\",\"AB12-200\"]}").andExpect(status().isOk());

        ReserveCommand command = submitted();
        assertThat(command.section()).isEqualTo("stalls");
        assertThat(command.quantity()).isEqualTo(3);
        assertThat(command.seats()).containsExactly("A-11", "A-12", "AB12-200");
        assertThat(command.adjacent()).isNull();
        assertThat(command.accessible()).isNull();
    }

    @Test
    void aQuantityEqualToTheNumberOfSeatsIsAccepted() throws Exception {
        reserve("{\"section\":\"stalls\",\"quantity\":2,\"seats\":[\"A-11\",\"A-12\"]}").andExpect(status().isOk());

        assertThat(submitted().quantity()).isEqualTo(2);
    }

    @Test
    void aQuantityThatDiffersFromTheNumberOfSeatsIsAValidationErrorOfTheQuantity() throws Exception {
        reserve("{\"section\":\"stalls\",\"quantity\":3,\"seats\":[\"A-11\",\"A-12\"]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.quantity[0]")
                        .value("must equal the number of seats picked (2), or be left out"))
                .andExpect(jsonPath("$.errors.seats").doesNotExist());
        nothingEnqueued();
    }

    @Test
    void bestAvailableOptionsAreSubmittedAsGivenAndLeftNullWhenAbsent() throws Exception {
        reserve("{\"section\":\"stalls\",\"quantity\":4,\"adjacent\":false,\"accessible\":true}")
                .andExpect(status().isOk());
        ReserveCommand command = submitted();
        assertThat(command.quantity()).isEqualTo(4);
        assertThat(command.seats()).isNull();
        assertThat(command.adjacent()).isFalse();
        assertThat(command.accessible()).isTrue();
    }

    @Test
    void aGeneralAdmissionReserveCarriesNoSeatFieldsAndKeepsItsFingerprint() throws Exception {
        reserve("{\"section\":\"floor\",\"quantity\":2}").andExpect(status().isOk());

        ReserveCommand command = submitted();
        assertThat(command.seats()).isNull();
        assertThat(command.adjacent()).isNull();
        assertThat(command.accessible()).isNull();
        assertThat(command.fingerprint()).isEqualTo(new ReserveCommand(command.requestId(), THEATRE, 7, "floor", 2,
                command.submittedAt()).fingerprint());
    }

    @Test
    void seatsHoldOneToOneHundredIds() throws Exception {
        reserve("{\"section\":\"stalls\",\"seats\":[]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.seats[0]").value("must hold 1 to 100 seat ids"));
        String seats = IntStream.rangeClosed(1, 101).mapToObj(i -> "\"A" + i / 100 + "-" + (i % 100 + 1) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        reserve("{\"section\":\"stalls\",\"seats\":" + seats + "}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.seats[0]").value("must hold 1 to 100 seat ids"));
        nothingEnqueued();
    }

    @Test
    void oneHundredSeatsAreAllowed() throws Exception {
        String seats = IntStream.rangeClosed(1, 100).mapToObj(i -> "\"A-" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        reserve("{\"section\":\"stalls\",\"seats\":" + seats + "}").andExpect(status().isOk());

        assertThat(submitted().quantity()).isEqualTo(100);
    }

    @Test
    void everyMalformedSeatIdIsAValidationErrorOfItsPath() throws Exception {
        reserve("""
                {"section":"stalls","seats":["A-01","a-1","A12","ABCDE-1","A-0","A-1000",null,"A-1 ","B-2"]}""")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['seats[0]'][0]").value(MALFORMED))
                .andExpect(jsonPath("$.errors['seats[1]']").exists())
                .andExpect(jsonPath("$.errors['seats[2]']").exists())
                .andExpect(jsonPath("$.errors['seats[3]']").exists())
                .andExpect(jsonPath("$.errors['seats[4]']").exists())
                .andExpect(jsonPath("$.errors['seats[5]']").exists())
                .andExpect(jsonPath("$.errors['seats[6]']").exists())
                .andExpect(jsonPath("$.errors['seats[7]']").exists())
                .andExpect(jsonPath("$.errors['seats[8]']").doesNotExist());
        nothingEnqueued();
    }

    @Test
    void aSeatNamedTwiceIsAValidationError() throws Exception {
        reserve("{\"section\":\"stalls\",\"seats\":[\"A-1\",\"A-2\",\"A-1\"]}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.seats[0]").value("names A-1 more than once"));
        nothingEnqueued();
    }

    @Test
    void seatsTogetherWithAdjacentOrAccessibleAreAValidationError() throws Exception {
        reserve("{\"section\":\"stalls\",\"seats\":[\"A-1\"],\"adjacent\":true}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.adjacent").exists());
        reserve("{\"section\":\"stalls\",\"seats\":[\"A-1\"],\"accessible\":false}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.accessible").exists());
        nothingEnqueued();
    }

    @Test
    void seatOptionsInAGeneralAdmissionSectionAreValidationErrors() throws Exception {
        String generalAdmission = "is only for a seated section; 'floor' is general admission";
        reserve("{\"section\":\"floor\",\"seats\":[\"A-1\"]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.seats[0]").value(generalAdmission));
        reserve("{\"section\":\"floor\",\"adjacent\":false}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.adjacent[0]").value(generalAdmission));
        reserve("{\"section\":\"floor\",\"accessible\":true}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.accessible[0]").value(generalAdmission));
        nothingEnqueued();
    }

    @Test
    void seatsOfTheWrongTypeAreAValidationErrorOfTheirPath() throws Exception {
        reserve("{\"section\":\"stalls\",\"seats\":\"A-1\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.seats[0]").value("must be an array"));
        reserve("{\"section\":\"stalls\",\"seats\":[12]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['seats[0]']").exists());
        reserve("{\"section\":\"stalls\",\"adjacent\":\"yes\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.adjacent").exists());
        reserve("{\"section\":\"stalls\",\"seats\":[\"A-1\\u0000\"]}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors['seats[0]'][0]")
                        .value("must not contain NUL (U+0000) or unpaired surrogate characters"));
        nothingEnqueued();
    }

    @Test
    void anUnknownSectionIsReportedAlongsideTheSeatProblems() throws Exception {
        reserve("{\"section\":\"pit\",\"seats\":[\"A-1\",\"A-1\"],\"adjacent\":true}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.section").exists())
                .andExpect(jsonPath("$.errors.seats", hasItem("names A-1 more than once")))
                .andExpect(jsonPath("$.errors.adjacent").exists());
        nothingEnqueued();
    }
}
