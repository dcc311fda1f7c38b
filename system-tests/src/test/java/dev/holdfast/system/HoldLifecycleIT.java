package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Purchase, cancel, expiry, sections, quantities, per-user limits and capacity changes, end to end. */
class HoldLifecycleIT {

    private static final String WAIT = "wait=10";

    private final Api api = HoldfastStack.shared().api;

    private String hold(User user, long eventId, String body) {
        Response held = api.reserve(user, eventId, body, "Prefer", WAIT);
        assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
        return held.json().get("id").asText();
    }

    private static void assertCounters(JsonNode event, int available, int held, int sold) {
        assertThat(event.get("available").asInt()).isEqualTo(available);
        assertThat(event.get("held").asInt()).isEqualTo(held);
        assertThat(event.get("sold").asInt()).isEqualTo(sold);
    }

    @Test
    void aPurchaseTurnsHeldTicketsIntoSoldOnes() {
        long eventId = api.newEvent("{\"name\":\"Buy\",\"capacity\":10}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId, "{\"quantity\":2}");

        Response purchased = api.purchase(ana, reservation, "{\"paymentReference\":\"pay_123\"}", "Prefer", WAIT);

        assertThat(purchased.status()).isEqualTo(200);
        assertThat(purchased.json().get("status").asText()).isEqualTo("purchased");
        assertThat(purchased.json().get("paymentReference").asText()).isEqualTo("pay_123");
        assertThat(purchased.json().get("purchasedAt").isNull()).isFalse();
        assertCounters(api.event(eventId), 8, 0, 2);

        Response again = api.purchase(ana, reservation, null, "Prefer", WAIT);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("already_purchased");
        Response cancel = api.cancel(ana, reservation, "Prefer", WAIT);
        assertThat(cancel.json().get("code").asText()).isEqualTo("not_held");
        assertCounters(api.event(eventId), 8, 0, 2);
    }

    @Test
    void aPurchaseRetriedWithItsIdempotencyKeyAnswersTheOriginalOutcome() {
        long eventId = api.newEvent("{\"name\":\"Buy once\",\"capacity\":10}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId, "{}");

        Response first = api.purchase(ana, reservation, "{}", "Idempotency-Key", "buy-1", "Prefer", WAIT);
        Response retry = api.purchase(ana, reservation, "{}", "Idempotency-Key", "buy-1", "Prefer", WAIT);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Request-Id")).isEqualTo(first.header("Request-Id"));
        assertCounters(api.event(eventId), 9, 0, 1);
    }

    @Test
    void aCancelGivesTheTicketsBackAtOnce() {
        long eventId = api.newEvent("{\"name\":\"Cancel\",\"capacity\":3}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId, "{\"quantity\":3}");
        assertCounters(api.event(eventId), 0, 3, 0);

        Response cancelled = api.cancel(ana, reservation, "Prefer", WAIT);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertCounters(api.event(eventId), 3, 0, 0);
        assertThat(api.cancel(ana, reservation, "Prefer", WAIT).json().get("code").asText()).isEqualTo("not_held");
        assertThat(api.purchase(ana, reservation, null, "Prefer", WAIT).json().get("code").asText())
                .isEqualTo("not_held");
    }

    @Test
    void someoneElsesReservationCannotBePurchasedOrCancelled() {
        long eventId = api.newEvent("{\"name\":\"Mine\",\"capacity\":3}");
        User ana = api.newUser();
        User ben = api.newUser();
        String reservation = hold(ana, eventId, "{}");

        assertThat(api.purchase(ben, reservation, null).status()).isEqualTo(404);
        assertThat(api.cancel(ben, reservation).status()).isEqualTo(404);
        assertThat(api.reservation(ana, reservation).get("status").asText()).isEqualTo("held");
    }

    @Test
    void anExpiredHoldReadsExpiredAndItsTicketsComeBack() {
        long eventId = api.newEvent("{\"name\":\"Short hold\",\"capacity\":2,\"holdSeconds\":1}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId, "{\"quantity\":2}");
        assertCounters(api.event(eventId), 0, 2, 0);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode read = api.reservation(ana, reservation);
            assertThat(read.get("status").asText()).isEqualTo("expired");
            assertThat(read.get("expiredAt").asText()).isEqualTo(read.get("expiresAt").asText());
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertCounters(api.event(eventId), 2, 0, 0));
        assertThat(api.get("/api/reservations?status=expired&eventId=" + eventId, ana.token()).json().get("items"))
                .hasSize(1);
    }

    @Test
    void aPurchaseAfterExpiresAtIsGone() {
        long eventId = api.newEvent("{\"name\":\"Too late\",\"capacity\":2,\"holdSeconds\":1}");
        User ana = api.newUser();
        String reservation = hold(ana, eventId, "{}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.reservation(ana, reservation).get("status").asText()).isEqualTo("expired"));

        Response late = api.purchase(ana, reservation, null, "Prefer", WAIT);

        assertThat(late.status()).isEqualTo(410);
        assertThat(late.json().get("code").asText()).isEqualTo("hold_expired");
        assertThat(api.cancel(ana, reservation, "Prefer", WAIT).json().get("code").asText()).isEqualTo("not_held");
    }

    @Test
    void aReserveIsAllOrNothingWithinItsSection() {
        long eventId = api.newEvent("""
                {"name":"Sections","sections":[{"code":"floor","capacity":3},{"code":"balcony","capacity":5}]}""");
        User ana = api.newUser();
        hold(ana, eventId, "{\"section\":\"floor\",\"quantity\":2}");

        Response tooMany = api.reserve(ana, eventId, "{\"section\":\"floor\",\"quantity\":2}", "Prefer", WAIT);

        assertThat(tooMany.json().get("code").asText()).isEqualTo("sold_out");
        JsonNode event = api.event(eventId);
        assertThat(event.get("sections").get(0).get("available").asInt()).isEqualTo(1);
        assertThat(event.get("sections").get(1).get("available").asInt()).isEqualTo(5);
        hold(ana, eventId, "{\"section\":\"balcony\",\"quantity\":5}");
        assertCounters(api.event(eventId), 1, 7, 0);
    }

    @Test
    void theTicketLimitHoldsUnderConcurrentRequestsOfOneUser() throws Exception {
        long eventId = api.newEvent("""
                {"name":"Limit","maxTicketsPerUser":4,"sections":[{"code":"a","capacity":50},{"code":"b","capacity":50}]}""");
        User ana = api.newUser();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String section = i % 2 == 0 ? "a" : "b";
                requests.add(clients.submit(() -> {
                    Response response = api.reserve(ana, eventId, "{\"section\":\"" + section + "\"}");
                    JsonNode outcome = api.outcome(ana, response.header("Request-Id"));
                    String key = outcome.has("problem") ? outcome.get("problem").get("code").asText() : "held";
                    outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(outcomes.get("held")).hasValue(4);
        assertThat(outcomes.get("limit_exceeded")).hasValue(20);
        assertThat(api.event(eventId).get("held").asInt()).isEqualTo(4);
    }

    @Test
    void aCapacityCanBeLoweredDownToHeldPlusSoldButNotBelow() {
        long eventId = api.newEvent("{\"name\":\"Resize\",\"capacity\":10}");
        User ana = api.newUser();
        hold(ana, eventId, "{\"quantity\":3}");
        String bought = hold(ana, eventId, "{\"quantity\":2}");
        api.purchase(ana, bought, null, "Prefer", WAIT);

        Response conflict = api.changeCapacity(eventId, "general", 4, "Prefer", WAIT);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("code").asText()).isEqualTo("capacity_conflict");

        Response lowered = api.changeCapacity(eventId, "general", 5, "Prefer", WAIT);
        assertThat(lowered.status()).isEqualTo(200);
        assertThat(lowered.json().get("capacity").asInt()).isEqualTo(5);
        assertCounters(lowered.json(), 0, 3, 2);

        Response accepted = api.changeCapacity(eventId, "general", 50);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode request = api.outcome(new User(0, api.adminToken), accepted.header("Request-Id"));
        assertThat(request.get("type").asText()).isEqualTo("capacity");
        assertThat(request.get("status").asText()).isEqualTo("succeeded");
        assertCounters(api.event(eventId), 45, 3, 2);

        assertThat(api.changeCapacity(eventId, "vip", 5).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/events/" + eventId + "/sections/general/capacity", ana.token(),
                "{\"capacity\":5}").status()).isEqualTo(403);
        assertThat(api.get("/api/requests/" + accepted.header("Request-Id"), ana.token()).status()).isEqualTo(404);
    }
}
