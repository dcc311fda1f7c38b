package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Gateways are stateless peers: a request accepted by one is answered by any other, from the moment of its 202. */
class StatelessGatewaysIT {

    private final Api first = HoldfastStack.shared().api;
    private final Api second = HoldfastStack.shared().secondGateway();

    @Test
    void aRequestAcceptedByOneGatewayIsPendingOrDoneThroughAnotherNeverNotFound() throws Exception {
        long eventId = first.newEvent("{\"name\":\"Two gateways\",\"capacity\":100000}");
        List<User> users = first.newUsers(10);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> polls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                User user = users.get(i % users.size());
                polls.add(clients.submit(() -> {
                    Response accepted = first.reserve(user, eventId, "{}");
                    assertThat(accepted.status()).isEqualTo(202);
                    String requestId = accepted.header("Request-Id");
                    Response polled = second.get("/api/requests/" + requestId, user.token());
                    assertThat(polled.status()).as(polled.raw().body()).isEqualTo(200);
                    assertThat(polled.json().get("requestId").asText()).isEqualTo(requestId);
                    return polled.json().get("status").asText();
                }));
            }
            for (Future<String> poll : polls) {
                assertThat(poll.get()).isIn("pending", "succeeded");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aPendingDocumentFromAnotherGatewaySaysWhatTheIdCarries() {
        long eventId = first.newEvent("{\"name\":\"Carried\",\"capacity\":10}");
        User ana = first.newUser();
        Response accepted = first.reserve(ana, eventId, "{}");
        String requestId = accepted.header("Request-Id");

        JsonNode polled = second.outcome(ana, requestId);

        assertThat(polled.get("type").asText()).isEqualTo("reserve");
        assertThat(polled.get("eventId").asLong()).isEqualTo(eventId);
        assertThat(polled.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void someoneElsesOrAnUnknownRequestIdIsNotFoundThroughAnyGateway() {
        long eventId = first.newEvent("{\"name\":\"Not yours\",\"capacity\":10}");
        User ana = first.newUser();
        User ben = first.newUser();
        String requestId = first.reserve(ana, eventId, "{}").header("Request-Id");

        assertThat(second.get("/api/requests/" + requestId, ben.token()).status()).isEqualTo(404);
        assertThat(first.get("/api/requests/" + requestId, ben.token()).status()).isEqualTo(404);
        assertThat(second.get("/api/requests/" + java.util.UUID.randomUUID(), ana.token()).status()).isEqualTo(404);
    }

    @Test
    void anIdempotentRetryThroughAnotherGatewayIsTheSameRequest() {
        long eventId = first.newEvent("{\"name\":\"Retry elsewhere\",\"capacity\":10}");
        User ana = first.newUser();

        Response once = first.reserve(ana, eventId, "{}", "Idempotency-Key", "k-1", "Prefer", "wait=10");
        Response again = second.reserve(ana, eventId, "{}", "Idempotency-Key", "k-1", "Prefer", "wait=10");

        assertThat(again.header("Request-Id")).isEqualTo(once.header("Request-Id"));
        assertThat(again.json().get("id").asText()).isEqualTo(once.json().get("id").asText());
        assertThat(first.event(eventId).get("held").asInt()).isEqualTo(1);
    }
}
