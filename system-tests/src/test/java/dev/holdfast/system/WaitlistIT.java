package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The waiting list end to end: first come, first served, nothing lost, nothing offered twice. */
class WaitlistIT {

    private static final String WAIT = "wait=10";

    private final Api api = HoldfastStack.shared().api;

    private record Waiter(User user, String entryId) {
    }

    private String hold(User user, long eventId) {
        Response held = api.reserve(user, eventId, "{}", "Prefer", WAIT);
        assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
        return held.json().get("id").asText();
    }

    private Waiter join(long eventId, String body) {
        User user = api.newUser();
        Response joined = api.post("/api/events/" + eventId + "/waitlist", user.token(), body, "Prefer", WAIT);
        assertThat(joined.status()).as(joined.raw().body()).isEqualTo(201);
        assertThat(joined.header("Location")).isEqualTo("/api/waitlist/" + joined.json().get("id").asText());
        return new Waiter(user, joined.json().get("id").asText());
    }

    private JsonNode entry(Waiter waiter) {
        return api.get("/api/waitlist/" + waiter.entryId(), waiter.user().token()).json();
    }

    @Test
    void releasedTicketsReachWaitingUsersInJoinOrderWithNoneLostOrDoubled() {
        // Given a section of 10 tickets sold out to 10 holders, and 50 users who joined its waiting list in turn
        long eventId = api.newEvent("{\"name\":\"Wait for it\",\"capacity\":10,\"holdSeconds\":2}");
        List<User> holders = new ArrayList<>();
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holders.add(api.newUser());
            holds.add(hold(holders.get(i), eventId));
        }
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiters.add(join(eventId, "{}"));
        }
        Response late = api.reserve(api.newUser(), eventId, "{}", "Prefer", WAIT);
        assertThat(late.json().get("code").asText()).isEqualTo("sold_out");

        // When 6 holders cancel (unless their 2 s are up already) and 4 let their holds expire, and every offer is
        // cancelled or left to expire too
        for (int i = 0; i < 6; i++) {
            Response cancelled = api.cancel(holders.get(i), holds.get(i), "Prefer", WAIT);
            assertThat(cancelled.status()).as(cancelled.raw().body()).isIn(200, 409);
        }
        Set<String> settled = new HashSet<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode event = api.event(eventId);
            assertThat(event.get("held").asInt() + event.get("sold").asInt()).isLessThanOrEqualTo(10);
            assertThat(event.get("available").asInt() + event.get("held").asInt() + event.get("sold").asInt())
                    .isEqualTo(10);
            for (int i = 0; i < waiters.size(); i++) {
                Waiter waiter = waiters.get(i);
                JsonNode entry = entry(waiter);
                if (entry.get("status").asText().equals("offered") && settled.add(waiter.entryId()) && i % 2 == 0) {
                    api.cancel(waiter.user(), entry.get("reservationId").asText(), "Prefer", WAIT);
                }
            }
            assertThat(settled).hasSize(50);
            assertThat(api.event(eventId).get("held").asInt()).isZero();
        });

        // Then every entry was offered once, a hold of its own, in join order
        Instant previous = Instant.EPOCH;
        Set<String> offers = new HashSet<>();
        for (Waiter waiter : waiters) {
            JsonNode entry = entry(waiter);
            assertThat(entry.get("status").asText()).isEqualTo("offered");
            assertThat(entry.get("position").isNull()).isTrue();
            Instant offeredAt = Instant.parse(entry.get("offeredAt").asText());
            assertThat(offeredAt).isAfterOrEqualTo(previous);
            previous = offeredAt;
            String reservationId = entry.get("reservationId").asText();
            assertThat(offers.add(reservationId)).isTrue();
            JsonNode offer = api.reservation(waiter.user(), reservationId);
            assertThat(offer.get("waitlistEntryId").asText()).isEqualTo(waiter.entryId());
            assertThat(offer.get("status").asText()).isIn("cancelled", "expired");
        }
        JsonNode event = api.event(eventId);
        assertThat(event.get("waiting").asInt()).isZero();
        assertThat(event.get("available").asInt()).isEqualTo(10);

        // And reservation-events carries one reservation_held with the entry's id per offer
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> published = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : KafkaClients.readAll(dev.holdfast.contracts.Topics.RESERVATION_EVENTS)) {
                ReservationChange change = ReservationChangeCodec.decode(record.value());
                if (change.eventId() == eventId && change instanceof ReservationHeld held
                        && held.waitlistEntryId() != null) {
                    assertThat(published.add(held.reservationId().toString())).isTrue();
                }
            }
            assertThat(published).isEqualTo(offers);
        });
    }

    @Test
    void anEntryWaitsWithItsPositionThenLeaves() {
        // a join can never ask for more than the section holds, so the section has 2 tickets, both held
        long eventId = api.newEvent("{\"name\":\"Queue\",\"capacity\":2,\"maxTicketsPerUser\":2}");
        User holder = api.newUser();
        hold(holder, eventId);
        hold(holder, eventId);
        Waiter first = join(eventId, "{\"quantity\":2}");
        Waiter second = join(eventId, "{}");

        assertThat(entry(first).get("position").asInt()).isEqualTo(1);
        assertThat(entry(second).get("position").asInt()).isEqualTo(2);
        assertThat(api.event(eventId).get("waiting").asInt()).isEqualTo(3);
        Response again = api.post("/api/events/" + eventId + "/waitlist", first.user().token(), "{}", "Prefer", WAIT);
        assertThat(again.json().get("code").asText()).isEqualTo("already_waiting");
        Response tooMany = api.reserve(first.user(), eventId, "{}", "Prefer", WAIT);
        assertThat(tooMany.json().get("code").asText()).isIn("limit_exceeded", "sold_out");

        Response left = api.send("DELETE", "/api/waitlist/" + first.entryId(), first.user().token(), null,
                "Prefer", WAIT);

        assertThat(left.status()).isEqualTo(200);
        assertThat(left.json().get("status").asText()).isEqualTo("left");
        assertThat(entry(second).get("position").asInt()).isEqualTo(1);
        assertThat(api.event(eventId).get("waiting").asInt()).isEqualTo(1);
        Response leftAgain = api.send("DELETE", "/api/waitlist/" + first.entryId(), first.user().token(), null,
                "Prefer", WAIT);
        assertThat(leftAgain.json().get("code").asText()).isEqualTo("not_waiting");
        assertThat(api.send("DELETE", "/api/waitlist/" + second.entryId(), first.user().token(), null).status())
                .isEqualTo(404);
        assertThat(api.get("/api/waitlist?eventId=" + eventId + "&status=left", first.user().token()).json()
                .get("items")).hasSize(1);
        assertThat(api.get("/api/waitlist?status=nope", first.user().token()).status()).isEqualTo(422);
    }

    @Test
    void aHoldIsExtendedUpToTheEventsLimitAndReleasedAtItsNewExpiry() {
        long eventId = api.newEvent("{\"name\":\"Extend\",\"capacity\":1,\"holdSeconds\":2,\"maxHoldExtensions\":1}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId);
        Instant firstExpiry = Instant.parse(api.reservation(ana, reservation).get("expiresAt").asText());

        Response extended = api.post("/api/reservations/" + reservation + "/extend", ana.token(), null,
                "Prefer", WAIT);

        assertThat(extended.status()).as(extended.raw().body()).isEqualTo(200);
        assertThat(extended.json().get("extensions").asInt()).isEqualTo(1);
        Instant newExpiry = Instant.parse(extended.json().get("expiresAt").asText());
        assertThat(newExpiry).isAfter(firstExpiry);
        Response limit = api.post("/api/reservations/" + reservation + "/extend", ana.token(), null, "Prefer", WAIT);
        assertThat(limit.json().get("code").asText()).isEqualTo("extension_limit");

        // the release comes after the new expiresAt, not the old one
        await().atMost(Duration.ofSeconds(15)).until(() -> api.event(eventId).get("available").asInt() == 1);
        JsonNode expired = api.reservation(ana, reservation);
        assertThat(expired.get("status").asText()).isEqualTo("expired");
        assertThat(Instant.parse(expired.get("expiredAt").asText())).isEqualTo(newExpiry);
        Response tooLate = api.post("/api/reservations/" + reservation + "/extend", ana.token(), null, "Prefer", WAIT);
        assertThat(tooLate.status()).isEqualTo(410);
        assertThat(tooLate.json().get("code").asText()).isEqualTo("hold_expired");
    }
}
