package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The reserve path through HTTP, Kafka, the worker and PostgreSQL, and the contract's answers around it. */
class ReservationFlowIT {

    private final Api api = HoldfastStack.shared().api;

    @Test
    void aReserveIsAcceptedThenHeldAndReadableByItsOwnerOnly() {
        // Given an event with one section and a user
        long eventId = api.newEvent("{\"name\":\"Concert\",\"capacity\":10}");
        User ana = api.newUser();

        // When she reserves without waiting
        Response accepted = api.reserve(ana, eventId, "{\"quantity\":2}");

        // Then the command is accepted and its outcome can be polled
        assertThat(accepted.status()).isEqualTo(202);
        String requestId = accepted.json().get("requestId").asText();
        assertThat(accepted.json().get("status").asText()).isEqualTo("pending");
        assertThat(accepted.header("Location")).isEqualTo("/api/requests/" + requestId);
        assertThat(accepted.header("Request-Id")).isEqualTo(requestId);
        assertThat(accepted.header("Retry-After")).isEqualTo("1");

        JsonNode outcome = api.outcome(ana, requestId);
        assertThat(outcome.get("status").asText()).isEqualTo("succeeded");
        assertThat(outcome.get("type").asText()).isEqualTo("reserve");
        assertThat(outcome.get("eventId").asLong()).isEqualTo(eventId);
        JsonNode reservation = outcome.get("reservation");
        assertThat(reservation.get("status").asText()).isEqualTo("held");
        assertThat(reservation.get("quantity").asInt()).isEqualTo(2);
        assertThat(reservation.get("section").asText()).isEqualTo("general");
        assertThat(reservation.get("expiresAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        String reservationId = outcome.get("reservationId").asText();

        assertThat(api.get("/api/reservations/" + reservationId, ana.token()).json().get("status").asText())
                .isEqualTo("held");
        JsonNode event = api.get("/api/events/" + eventId, null).json();
        assertThat(event.get("available").asInt()).isEqualTo(8);
        assertThat(event.get("held").asInt()).isEqualTo(2);
        assertThat(event.get("sections").get(0).get("held").asInt()).isEqualTo(2);

        User ben = api.newUser();
        assertThat(api.get("/api/reservations/" + reservationId, ben.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/requests/" + requestId, ben.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/reservations?eventId=" + eventId, ana.token()).json().get("items")).hasSize(1);
        assertThat(api.get("/api/reservations?eventId=" + eventId, ben.token()).json().get("items")).isEmpty();
    }

    @Test
    void preferWaitAnswersWithTheHoldItself() {
        long eventId = api.newEvent("{\"name\":\"Concert\",\"capacity\":1}");
        User ana = api.newUser();

        Response held = api.reserve(ana, eventId, "{}", "Prefer", "wait=10");

        assertThat(held.status()).isEqualTo(201);
        assertThat(held.header("Preference-Applied")).isEqualTo("wait=10");
        assertThat(held.header("Location")).isEqualTo("/api/reservations/" + held.json().get("id").asText());
        assertThat(held.header("Request-Id")).isNotBlank();
        assertThat(held.json().get("status").asText()).isEqualTo("held");
    }

    @Test
    void aReserveBeyondCapacityIsRejectedSoldOut() {
        long eventId = api.newEvent("{\"name\":\"Tiny\",\"capacity\":1}");
        User ana = api.newUser();
        assertThat(api.reserve(ana, eventId, "{}", "Prefer", "wait=10").status()).isEqualTo(201);

        Response soldOut = api.reserve(ana, eventId, "{}", "Prefer", "wait=10");

        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(soldOut.header("Content-Type")).startsWith("application/problem+json");
        assertThat(soldOut.json().get("code").asText()).isEqualTo("sold_out");
        assertThat(soldOut.json().get("requestId").asText()).isEqualTo(soldOut.header("Request-Id"));
        JsonNode request = api.outcome(ana, soldOut.header("Request-Id"));
        assertThat(request.get("status").asText()).isEqualTo("rejected");
        assertThat(request.get("problem").get("code").asText()).isEqualTo("sold_out");
        assertThat(request.get("problem").get("status").asInt()).isEqualTo(409);
    }

    @Test
    void aUserCannotHoldMoreThanTheEventAllowsAcrossSections() {
        long eventId = api.newEvent("""
                {"name":"Limited","maxTicketsPerUser":3,
                 "sections":[{"code":"floor","capacity":10},{"code":"balcony","name":"Balcony","capacity":10}]}""");
        User ana = api.newUser();
        assertThat(api.reserve(ana, eventId, "{\"section\":\"floor\",\"quantity\":2}", "Prefer", "wait=10").status())
                .isEqualTo(201);

        Response over = api.reserve(ana, eventId, "{\"section\":\"balcony\",\"quantity\":2}", "Prefer", "wait=10");

        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().get("code").asText()).isEqualTo("limit_exceeded");
        assertThat(api.reserve(ana, eventId, "{\"section\":\"balcony\"}", "Prefer", "wait=10").status())
                .isEqualTo(201);
    }

    @Test
    void badInputIsAnsweredBeforeAnythingIsEnqueued() {
        long eventId = api.newEvent("""
                {"name":"Two sections","sections":[{"code":"a","capacity":5},{"code":"b","capacity":5}]}""");
        User ana = api.newUser();

        assertThat(api.reserve(ana, eventId, "{\"section\":\"a\",\"quantity\":1.5}").json().get("errors").has("quantity"))
                .isTrue();
        assertThat(api.reserve(ana, eventId, "{\"section\":\"a\",\"quantity\":0}").status()).isEqualTo(422);
        assertThat(api.reserve(ana, eventId, "{\"section\":\"a\",\"quantity\":101}").status()).isEqualTo(422);
        assertThat(api.reserve(ana, eventId, "{\"section\":\"c\"}").json().get("code").asText())
                .isEqualTo("validation_failed");
        assertThat(api.reserve(ana, eventId, "{}").json().get("errors").has("section")).isTrue();
        assertThat(api.reserve(ana, eventId, "{not json").json().get("errors").has("body")).isTrue();
        assertThat(api.reserve(ana, 999_999_999L, "{\"section\":\"a\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/events/abc/reservations", ana.token(), "{}").status()).isEqualTo(422);
        assertThat(api.reserve(new User(0, "wrong"), eventId, "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/events/" + eventId + "/reservations", null, "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/events", ana.token(), "{\"name\":\"x\",\"capacity\":1}").status()).isEqualTo(403);
        assertThat(api.reserve(ana, eventId, "{\"section\":\"a\"}", "Idempotency-Key", "k".repeat(256)).status())
                .isEqualTo(422);

        assertThat(api.get("/api/reservations?eventId=" + eventId, ana.token()).json().get("items")).isEmpty();
        JsonNode event = api.get("/api/events/" + eventId, null).json();
        assertThat(event.get("available").asInt()).isEqualTo(10);
    }

    @Test
    void unknownIdsAnswerNotFound() {
        User ana = api.newUser();
        assertThat(api.get("/api/requests/" + UUID.randomUUID(), ana.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/reservations/" + UUID.randomUUID(), ana.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/events/999999999", null).json().get("code").asText()).isEqualTo("not_found");
        assertThat(api.get("/api/reservations/not-a-uuid", ana.token()).status()).isEqualTo(422);
    }
}
