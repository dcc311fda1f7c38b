package dev.holdfast.system;

import dev.holdfast.client.ApiClient;
import dev.holdfast.client.ApiException;
import dev.holdfast.client.ApiResponse;
import dev.holdfast.client.api.EventsApi;
import dev.holdfast.client.api.RequestsApi;
import dev.holdfast.client.api.ReservationsApi;
import dev.holdfast.client.api.UsersApi;
import dev.holdfast.client.api.WaitingListApi;
import dev.holdfast.client.model.CreateEvent;
import dev.holdfast.client.model.CreateSection;
import dev.holdfast.client.model.CreateUser;
import dev.holdfast.client.model.CreatedUser;
import dev.holdfast.client.model.EventDocument;
import dev.holdfast.client.model.JoinBody;
import dev.holdfast.client.model.Problem;
import dev.holdfast.client.model.PurchaseBody;
import dev.holdfast.client.model.RequestDocument;
import dev.holdfast.client.model.ReservationDocument;
import dev.holdfast.client.model.ReserveBody;
import dev.holdfast.client.model.SectionDocument;
import dev.holdfast.client.model.WaitlistEntryDocument;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a downstream team does on day one: a Java client generated from {@code docs/openapi.json} at build time
 * (openapi-generator, the JDK's HTTP client and Jackson; see system-tests/pom.xml), and the whole lifecycle through
 * it with no hand-written HTTP: users and an event made with the admin token, a reserve with {@code Prefer: wait}, its
 * request polled, a purchase, a cancel, a waiting list joined and left. The documents it reads carry nulls
 * ({@code startsAt}, {@code maxTicketsPerUser}, {@code purchasedAt}, {@code seats}, {@code position}, ...) that the
 * document must type as nullable for such a client.
 */
class GeneratedClientIT {

    private static final String WAIT = "wait=10";

    private final HoldfastStack stack = HoldfastStack.shared();

    /** A client of the gateway, with a bearer token when given one (public operations need none). */
    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(stack.api.baseUrl);
        client.setReadTimeout(Duration.ofSeconds(60));
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    private CreatedUser newUser() throws ApiException {
        return new UsersApi(client(stack.adminToken)).createUser(new CreateUser().name("client-" + UUID.randomUUID()));
    }

    /**
     * The outcome of a command: the answer's {@code Request-Id} polled until it is no longer pending (at once when
     * {@code Prefer: wait} already had the outcome; a {@code 202} on a slow machine is polled the same way).
     */
    private RequestDocument outcome(String token, ApiResponse<?> answer) {
        assertThat(answer.getStatusCode()).isIn(200, 201, 202);
        UUID requestId = UUID.fromString(answer.getHeaders().get("Request-Id").get(0));
        RequestsApi requests = new RequestsApi(client(token));
        AtomicReference<RequestDocument> request = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            request.set(requests.getRequest(requestId, 30));
            return !request.get().getStatus().equals("pending");
        });
        assertThat(request.get().getRequestId()).isEqualTo(requestId);
        return request.get();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theLifecycleRunsThroughAClientGeneratedFromTheDocument() throws ApiException {
        // Given an event of 4 tickets with no start time and no limit per user (both null in its document), made by
        // the admin, and two users
        EventDocument created = new EventsApi(client(stack.adminToken)).createEvent(new CreateEvent()
                .name("Generated client " + UUID.randomUUID())
                .sections(List.of(new CreateSection().code("floor").name("Floor").capacity(4))));
        long eventId = created.getId();
        assertThat(created.getStartsAt()).isNull();
        assertThat(created.getMaxTicketsPerUser()).isNull();
        CreatedUser buyer = newUser();
        CreatedUser waiter = newUser();
        ReservationsApi reservations = new ReservationsApi(client(buyer.getToken()));

        // When the buyer reserves 2 with Prefer: wait, and polls the request
        ApiResponse<ReservationDocument> reserved = reservations.reserveWithHttpInfo(eventId, key(), WAIT,
                new ReserveBody().quantity(2).section("floor"));
        RequestDocument reserve = outcome(buyer.getToken(), reserved);

        // Then the hold is there, its unset times and general-admission seats null
        assertThat(reserve.getStatus()).isEqualTo("succeeded");
        assertThat(reserve.getType()).isEqualTo("reserve");
        ReservationDocument hold = reserve.getReservation();
        assertThat(hold.getStatus()).isEqualTo("held");
        assertThat(hold.getQuantity()).isEqualTo(2);
        assertThat(hold.getSeats()).isNull();
        assertThat(hold.getPurchasedAt()).isNull();
        assertThat(hold.getPaymentReference()).isNull();
        assertThat(hold.getWaitlistEntryId()).isNull();
        if (reserved.getStatusCode() == 201) {
            assertThat(reserved.getData().getId()).isEqualTo(hold.getId());
        }

        // When it purchases the hold
        RequestDocument purchase = outcome(buyer.getToken(), reservations.purchaseWithHttpInfo(hold.getId(), key(),
                WAIT, new PurchaseBody().paymentReference("pay_generated")));

        // Then it is purchased
        assertThat(purchase.getStatus()).isEqualTo("succeeded");
        ReservationDocument bought = reservations.getReservation(hold.getId());
        assertThat(bought.getStatus()).isEqualTo("purchased");
        assertThat(bought.getPurchasedAt()).isNotNull();
        assertThat(bought.getPaymentReference()).isEqualTo("pay_generated");
        assertThat(bought.getCancelledAt()).isNull();

        // When it holds 1 more, and the other user asks for the 2 that are not sold while 1 is left: it waits
        ReservationDocument other = outcome(buyer.getToken(), reservations.reserveWithHttpInfo(eventId, key(), WAIT,
                new ReserveBody().quantity(1))).getReservation();
        WaitingListApi waitingList = new WaitingListApi(client(waiter.getToken()));
        RequestDocument join = outcome(waiter.getToken(), waitingList.joinWaitlistWithHttpInfo(eventId, key(), WAIT,
                new JoinBody().quantity(2).section("floor")));
        assertThat(join.getStatus()).isEqualTo("succeeded");
        WaitlistEntryDocument entry = waitingList.getWaitlistEntry(join.getWaitlistEntryId());
        assertThat(entry.getStatus()).isEqualTo("waiting");
        assertThat(entry.getPosition()).isEqualTo(1L);
        assertThat(entry.getReservationId()).isNull();
        assertThat(entry.getOfferedAt()).isNull();

        // And leaves the waiting list
        RequestDocument leave = outcome(waiter.getToken(), waitingList.leaveWaitlistWithHttpInfo(entry.getId(), key(),
                WAIT));

        // Then the entry has left, with no position
        assertThat(leave.getStatus()).isEqualTo("succeeded");
        WaitlistEntryDocument left = waitingList.getWaitlistEntry(entry.getId());
        assertThat(left.getStatus()).isEqualTo("left");
        assertThat(left.getLeftAt()).isNotNull();
        assertThat(left.getPosition()).isNull();
        assertThat(waitingList.listWaitlistEntries(eventId, "left", null).getItems())
                .extracting(WaitlistEntryDocument::getId).containsExactly(entry.getId());

        // When the buyer cancels its second hold
        RequestDocument cancel = outcome(buyer.getToken(), reservations.cancelWithHttpInfo(other.getId(), key(), WAIT));

        // Then the hold is cancelled and its ticket is back, nobody waiting for it
        assertThat(cancel.getStatus()).isEqualTo("succeeded");
        assertThat(cancel.getReservation().getStatus()).isEqualTo("cancelled");
        assertThat(cancel.getReservation().getCancelledAt()).isNotNull();
        assertThat(reservations.listReservations(eventId, null, null).getItems())
                .extracting(ReservationDocument::getId).containsExactly(other.getId(), hold.getId());
        SectionDocument floor = new EventsApi(client(null)).getEvent(eventId).getSections().get(0);
        assertThat(List.of(floor.getAvailable(), floor.getHeld(), floor.getSold(), floor.getWaiting()))
                .containsExactly(2, 0, 2, 0);
    }

    @Test
    void aRejectionReachesTheGeneratedClientAsAProblemWithItsCode() throws Exception {
        // Given an event of 1 ticket, held by one user
        long eventId = new EventsApi(client(stack.adminToken)).createEvent(new CreateEvent()
                .name("Generated client sold out " + UUID.randomUUID()).capacity(1)).getId();
        CreatedUser first = newUser();
        CreatedUser second = newUser();
        outcome(first.getToken(), new ReservationsApi(client(first.getToken()))
                .reserveWithHttpInfo(eventId, key(), WAIT, new ReserveBody()));

        // When another reserves there
        ApiClient client = client(second.getToken());
        ApiResponse<ReservationDocument> late;
        try {
            late = new ReservationsApi(client).reserveWithHttpInfo(eventId, key(), WAIT, new ReserveBody());
        } catch (ApiException rejected) {
            // Then, answered under Prefer: wait, the client throws with the problem document
            assertThat(rejected.getCode()).isEqualTo(409);
            Problem problem = client.getObjectMapper().readValue(rejected.getResponseBody(), Problem.class);
            assertThat(problem.getCode()).isEqualTo("sold_out");
            assertThat(problem.getRequestId()).isNotNull();
            return;
        }
        // Then, answered 202, the request polled says sold_out
        RequestDocument request = outcome(second.getToken(), late);
        assertThat(request.getStatus()).isEqualTo("rejected");
        assertThat(request.getProblem().getCode()).isEqualTo("sold_out");
        assertThat(request.getProblem().getStatus()).isEqualTo(409);
    }
}
