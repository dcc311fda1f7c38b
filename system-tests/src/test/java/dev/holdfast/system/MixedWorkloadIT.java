package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reserves, purchases, cancels, expiries and capacity changes on one small event from many parallel clients; then
 * every invariant, from the API and from the rows themselves.
 */
class MixedWorkloadIT {

    private static final int CLIENTS = 32;
    private static final int ROUNDS_PER_CLIENT = 12;

    private record Submitted(User user, String requestId) {
    }

    private final Api api = HoldfastStack.shared().api;

    @Test
    void countersStayExactUnderAMixOfEverything() throws Exception {
        long eventId = api.newEvent("""
                {"name":"Mixed","holdSeconds":2,
                 "sections":[{"code":"floor","capacity":20},{"code":"balcony","capacity":10}]}""");
        List<User> users = api.newUsers(24);
        Queue<Submitted> submitted = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                User user = users.get(c % users.size());
                running.add(clients.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    for (int round = 0; round < ROUNDS_PER_CLIENT; round++) {
                        String section = random.nextBoolean() ? "floor" : "balcony";
                        Response held = api.reserve(user, eventId,
                                "{\"section\":\"%s\",\"quantity\":%d}".formatted(section, random.nextInt(1, 4)),
                                "Prefer", "wait=10");
                        submitted.add(new Submitted(user, held.header("Request-Id")));
                        count(tally, "reserve " + held.status());
                        if (held.status() != 201) {
                            continue;
                        }
                        String reservation = held.json().get("id").asText();
                        int choice = random.nextInt(10);
                        Response after = null;
                        if (choice < 4) {
                            after = api.purchase(user, reservation, null);
                        } else if (choice < 7) {
                            after = api.cancel(user, reservation);
                        }
                        if (after != null) {
                            submitted.add(new Submitted(user, after.header("Request-Id")));
                        }
                    }
                }));
            }
            running.add(clients.submit(() -> {
                for (int capacity : new int[]{25, 15, 30}) {
                    Response change = api.changeCapacity(eventId, "floor", capacity, "Prefer", "wait=10");
                    count(tally, "capacity " + change.status());
                }
                count(tally, "capacity " + api.changeCapacity(eventId, "balcony", 6, "Prefer", "wait=10").status());
            }));
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }

        // every request is final
        for (Submitted request : submitted) {
            assertThat(api.outcome(request.user(), request.requestId()).get("status").asText())
                    .isIn("succeeded", "rejected");
        }
        // once every hold left alone has expired and been released, the rows agree with the counters
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(holds(eventId)).isZero());
        JsonNode event = api.event(eventId);
        for (JsonNode section : event.get("sections")) {
            String code = section.get("code").asText();
            int capacity = section.get("capacity").asInt();
            assertThat(section.get("available").asInt() + section.get("held").asInt() + section.get("sold").asInt())
                    .as("section %s adds up", code).isEqualTo(capacity);
            assertThat(section.get("sold").asInt()).isLessThanOrEqualTo(capacity);
            assertThat(section.get("held").asInt()).as("held of %s", code)
                    .isEqualTo(ticketsInStatus(eventId, code, "held"));
            assertThat(section.get("sold").asInt()).as("sold of %s", code)
                    .isEqualTo(ticketsInStatus(eventId, code, "purchased"));
        }
        assertThat(tally).containsKey("reserve 201");
        assertThat(queryInt("""
                select count(*) from reservations r
                 where r.event_id = ?
                   and (not exists (select 1 from sections s where s.event_id = r.event_id and s.code = r.section_code)
                        or not exists (select 1 from users u where u.id = r.user_id))""", eventId, null, null))
                .as("reservations (no foreign keys since V7) naming a section or a user that does not exist").isZero();
        assertThat(ticketsInStatus(eventId, "floor", "expired") + ticketsInStatus(eventId, "balcony", "expired"))
                .as("some holds expired").isPositive();
    }

    private static void count(Map<String, AtomicInteger> tally, String key) {
        tally.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int holds(long eventId) throws Exception {
        return queryInt("select count(*) from reservations where event_id = ? and status = 'held'", eventId, null,
                null);
    }

    private static int ticketsInStatus(long eventId, String section, String status) throws Exception {
        return queryInt("select coalesce(sum(quantity), 0) from reservations where event_id = ? and section_code = ? "
                + "and status = ?", eventId, section, status);
    }

    private static int queryInt(String sql, long eventId, String section, String status) throws Exception {
        try (Connection connection = TestInfrastructure.database().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, eventId);
            if (section != null) {
                statement.setString(2, section);
                statement.setString(3, status);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
