package dev.holdfast.system;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.gateway.command.RequestDocument;
import dev.holdfast.gateway.command.RequestRepository;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outcome a notification carries is the outcome the gateway would read: for every outcome of a random sequence
 * of every kind of command (each success and rejection, general admission and seats, extensions, capacity changes),
 * and of bursts whose commands share batches, the document the gateway renders from the notification equals the one
 * it reads from the database once the batch committed. The test listens on the channel itself, beside the gateway.
 */
class CarriedOutcomeIT {

    private final HoldfastStack stack = HoldfastStack.shared();
    private final Api api = stack.api;
    private final RequestRepository requests = stack.gateway.getBean(RequestRepository.class);
    /** Every outcome announced while the test runs: its carried JSON, or "" when announced by its id alone. */
    private final Map<UUID, String> announced = new ConcurrentHashMap<>();
    private volatile boolean listening = true;
    private Thread listener;

    @BeforeEach
    void listen() throws Exception {
        var database = TestInfrastructure.database();
        Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + OutcomeChannel.NAME);
        }
        listener = new Thread(() -> {
            try (connection) {
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (listening) {
                    PGNotification[] notifications = postgres.getNotifications(100);
                    for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                        for (OutcomeChannel.Line line : OutcomeChannel.lines(notification.getParameter())) {
                            announced.put(line.requestId(), line.carried() == null ? "" : line.carried());
                        }
                    }
                }
            } catch (Exception e) {
                if (listening) {
                    throw new IllegalStateException(e);
                }
            }
        }, "test-outcome-listener");
        listener.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        listening = false;
        listener.join();
    }

    @Test
    void everyCarriedOutcomeOfARandomSequenceIsTheOutcomeReadBack() {
        long eventId = api.newEvent("""
                {"name":"Carried","maxTicketsPerUser":6,"maxHoldExtensions":1,
                 "sections":[{"code":"ga","capacity":12},
                             {"code":"stalls","seating":{"rows":[{"row":"A","seats":6,"aisleAfter":[3]},
                                                                  {"row":"B","seats":6}],
                                                         "accessible":["A-1"],"blocked":["B-6"]}}]}""");
        List<User> users = api.newUsers(3);
        Random random = new Random(20261202L);
        List<Held> holds = new ArrayList<>();
        int carried = 0;
        int carriedRejections = 0;
        for (int step = 0; step < 120; step++) {
            User user = users.get(random.nextInt(users.size()));
            Response response = switch (holds.isEmpty() ? random.nextInt(4) : random.nextInt(9)) {
                case 0 -> api.reserve(user, eventId, "{\"section\":\"ga\",\"quantity\":%d}"
                        .formatted(1 + random.nextInt(4)), "Prefer", "wait=30");
                case 1 -> api.reserve(user, eventId, "{\"section\":\"stalls\",\"quantity\":%d,\"adjacent\":%b}"
                        .formatted(1 + random.nextInt(4), random.nextBoolean()), "Prefer", "wait=30");
                case 2 -> api.reserve(user, eventId, "{\"section\":\"stalls\",\"seats\":[\"A-%d\",\"B-%d\"]}"
                        .formatted(1 + random.nextInt(6), 1 + random.nextInt(7)), "Prefer", "wait=30");
                case 3 -> api.changeCapacity(eventId, "ga", 8 + random.nextInt(10), "Prefer", "wait=30");
                default -> {
                    Held held = holds.get(random.nextInt(holds.size()));
                    yield switch (random.nextInt(3)) {
                        case 0 -> api.purchase(held.user(), held.reservationId(),
                                "{\"paymentReference\":\"pay \\\"%d\\\" caf\u00e9 \u20ac\"}".formatted(step),
                                "Prefer", "wait=30");
                        case 1 -> api.cancel(held.user(), held.reservationId(), "Prefer", "wait=30");
                        default -> api.post("/api/reservations/" + held.reservationId() + "/extend",
                                held.user().token(), null, "Prefer", "wait=30");
                    };
                }
            };
            assertThat(response.status()).as("an outcome, not a 202 or an error").isBetween(200, 499)
                    .isNotEqualTo(202);
            if (response.status() == 201) {
                holds.add(new Held(user, response.json().get("id").asText()));
            }
            RequestDocument carriedDocument = carriedDocument(response);
            if (carriedDocument != null) {
                carried++;
                carriedRejections += carriedDocument.succeeded() ? 0 : 1;
                assertThat(carriedDocument).as("step %d", step)
                        .isEqualTo(requests.findSettled(carriedDocument.requestId()));
            }
        }
        assertThat(carried).as("outcomes carried").isGreaterThan(40);
        assertThat(carriedRejections).as("rejections carried").isPositive();
    }

    /**
     * Reserves, then purchases and cancels the same holds at once: commands share batches, and whichever of a
     * purchase and a cancel lands first is the hold's last change, which its carried outcome shows.
     */
    @Test
    void outcomesOfCommandsSharingBatchesAreCarriedAsTheBatchLeftThem() throws Exception {
        long eventId = api.newEvent("""
                {"name":"Carried burst","sections":[{"code":"ga","capacity":100}]}""");
        List<User> users = api.newUsers(8);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> reserves = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                User user = users.get(i % users.size());
                reserves.add(clients.submit(() -> api.reserve(user, eventId, "{\"quantity\":1}", "Prefer", "wait=30")));
            }
            int carried = 0;
            List<Future<Response>> pairs = new ArrayList<>();
            for (int i = 0; i < reserves.size(); i++) {
                Response held = reserves.get(i).get();
                assertThat(held.status()).isEqualTo(201);
                carried += matchesTheRead(held) ? 1 : 0;
            }
            for (int i = 0; i < reserves.size(); i++) {
                User user = users.get(i % users.size());
                String reservationId = reserves.get(i).get().json().get("id").asText();
                pairs.add(clients.submit(() -> api.purchase(user, reservationId, null, "Prefer", "wait=30")));
                pairs.add(clients.submit(() -> api.cancel(user, reservationId, "Prefer", "wait=30")));
            }
            for (Future<Response> pair : pairs) {
                carried += matchesTheRead(pair.get()) ? 1 : 0;
            }
            // every reserve, and of each pair the purchase or cancel that won
            assertThat(carried).isEqualTo(64);
        } finally {
            clients.shutdownNow();
        }
    }

    private record Held(User user, String reservationId) {
    }

    /** Whether the outcome of this answer was carried; if it was, it must equal the outcome read back. */
    private boolean matchesTheRead(Response response) {
        RequestDocument carriedDocument = carriedDocument(response);
        if (carriedDocument == null) {
            return false;
        }
        assertThat(carriedDocument).isEqualTo(requests.findSettled(carriedDocument.requestId()));
        return true;
    }

    /**
     * The document the gateway renders from the notification of the request this answers; null when it was announced
     * by its id alone.
     */
    private RequestDocument carriedDocument(Response response) {
        assertThat(response.header("Request-Id")).as("a command's answer: %s", response.raw().body()).isNotNull();
        UUID requestId = UUID.fromString(response.header("Request-Id"));
        await().atMost(Duration.ofSeconds(10)).until(() -> announced.containsKey(requestId));
        String json = announced.get(requestId);
        return json.isEmpty() ? null : requests.fromNotification(SettledOutcome.fromJson(json), Instant.now());
    }
}
