package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reserved seating end to end, as the README's walkthrough shows it: the rules' choices, picks, expiry, the map. */
class ReservedSeatingIT {

    private static final String WAIT = "wait=10";
    /**
     * Row A: 12 seats, an aisle after 6, accessible places; row B: 10 seats, B-1 blocked. An ordinary
     * reserve may use A-2..A-6, A-7..A-11 and B-2..B-10.
     */
    private static final String HALL = """
            {"name": "Seated walkthrough", "holdSeconds": %d, "maxTicketsPerUser": 10,
             "sections": [{"code": "stalls", "name": "Stalls", "seating": {
               "rows": [{"row": "A", "seats": 12, "aisleAfter": [6]}, {"row": "B", "seats": 10}],
               "accessible": ["A-1", "A-12"], "blocked": ["B-1"]}}]}""";

    private final Api api = HoldfastStack.shared().api;

    private List<String> seatsOf(JsonNode reservation) {
        List<String> seats = new ArrayList<>();
        reservation.get("seats").forEach(seat -> seats.add(seat.asText()));
        return seats;
    }

    private List<String> bestAvailable(User user, long eventId, int quantity) {
        Response held = api.reserve(user, eventId, "{\"section\": \"stalls\", \"quantity\": " + quantity + "}",
                "Prefer", WAIT);
        assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
        return seatsOf(held.json());
    }

    private List<String> rows(long eventId) {
        JsonNode map = api.get("/api/events/" + eventId + "/sections/stalls/seats", null).json();
        List<String> rows = new ArrayList<>();
        map.get("rows").forEach(row -> rows.add(row.get("seats").asText()));
        return rows;
    }

    @Test
    void bestAvailableFollowsTheRulesAndAPickThatCollidesNamesTheTakenSeats() {
        long eventId = api.newEvent(HALL.formatted(300));
        User user = api.newUser();
        assertThat(rows(eventId)).containsExactly("AAAAAAAAAAAA", "BAAAAAAAAA");

        // every block of 4 in row A would leave a single seat by an aisle or an accessible place: row B, centred
        assertThat(bestAvailable(user, eventId, 4)).containsExactly("B-4", "B-5", "B-6", "B-7");
        // the front row again, the orphan-free pair nearest the centre (6.5), the lower one of the two tied
        assertThat(bestAvailable(user, eventId, 2)).containsExactly("A-5", "A-6");
        assertThat(bestAvailable(user, eventId, 3)).containsExactly("A-7", "A-8", "A-9");
        assertThat(bestAvailable(user, eventId, 1)).containsExactly("A-4");
        assertThat(rows(eventId)).containsExactly("AAAHHHHHHAAA", "BAAHHHHAAA");

        Response collides = api.reserve(api.newUser(), eventId,
                "{\"section\": \"stalls\", \"seats\": [\"Z-9\", \"B-1\", \"A-3\", \"A-4\"]}", "Prefer", WAIT);
        assertThat(collides.status()).as(collides.raw().body()).isEqualTo(409);
        assertThat(collides.json().get("code").asText()).isEqualTo("seats_unavailable");
        List<String> unavailable = new ArrayList<>();
        collides.json().get("unavailableSeats").forEach(seat -> unavailable.add(seat.asText()));
        assertThat(unavailable).containsExactly("A-4", "B-1", "Z-9");
        assertThat(rows(eventId).get(0).charAt(2)).as("A-3 stays free: a pick is all or nothing").isEqualTo('A');

        JsonNode event = api.event(eventId);
        JsonNode section = event.get("sections").get(0);
        assertThat(section.get("seated").asBoolean()).isTrue();
        assertThat(List.of(section.get("capacity").asInt(), section.get("available").asInt(),
                section.get("held").asInt(), section.get("sold").asInt())).containsExactly(21, 11, 10, 0);
    }

    @Test
    void aPickedHoldThatExpiresFreesItsSeatsAndAPurchaseSellsThem() {
        long eventId = api.newEvent(HALL.formatted(1));
        User user = api.newUser();
        Response kept = api.reserve(user, eventId, "{\"section\": \"stalls\", \"seats\": [\"B-3\", \"B-2\"]}",
                "Prefer", WAIT);
        assertThat(kept.status()).as(kept.raw().body()).isEqualTo(201);
        assertThat(seatsOf(kept.json())).containsExactly("B-2", "B-3");
        Response bought = api.purchase(user, kept.json().get("id").asText(), "{}", "Prefer", WAIT);
        // the hold lasts 1 s: on a slow machine it may be over before the purchase is applied
        assertThat(bought.status()).as(bought.raw().body()).isIn(200, 410);
        char boughtLetter = bought.status() == 200 ? 'S' : 'A';

        Response left = api.reserve(user, eventId, "{\"section\": \"stalls\", \"seats\": [\"A-11\"]}", "Prefer", WAIT);
        assertThat(left.status()).as(left.raw().body()).isEqualTo(201);
        String id = left.json().get("id").asText();
        assertThat(seatsOf(api.reservation(user, id))).containsExactly("A-11");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(api.reservation(user, id).get("status").asText()).isEqualTo("expired");
            List<String> rows = rows(eventId);
            assertThat(rows.get(0).charAt(10)).as("A-11 free again").isEqualTo('A');
            assertThat(rows.get(1).substring(1, 3)).isEqualTo(String.valueOf(boughtLetter).repeat(2));
            JsonNode section = api.event(eventId).get("sections").get(0);
            assertThat(section.get("held").asInt()).isZero();
        });
    }
}
