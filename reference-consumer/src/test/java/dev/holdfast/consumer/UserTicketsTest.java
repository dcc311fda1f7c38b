package dev.holdfast.consumer;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserTicketsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");
    private long sequence;

    private ReservationHeld held(long user, UUID reservation, UUID request, int quantity) {
        return held(user, reservation, request, quantity, NOW, NOW.plusSeconds(300));
    }

    private ReservationHeld held(long user, UUID reservation, UUID request, int quantity, Instant at,
                                 Instant expiresAt) {
        return new ReservationHeld(1, ++sequence, reservation, request, user, "a", quantity, at, expiresAt, null, 10,
                0, 0, 0);
    }

    @Test
    void aHoldWhoseTimeIsUpNoLongerCountsThoughItsReleaseIsNotPublishedYet() {
        var tickets = new UserTickets();
        UUID due = UUID.randomUUID();
        tickets.accept(held(7, due, UUID.randomUUID(), 3, NOW, NOW.plusSeconds(2)));
        // 2 s later the hold is due: the worker counts it no more, and holds 3 more; the release comes after
        tickets.accept(held(7, UUID.randomUUID(), UUID.randomUUID(), 3, NOW.plusSeconds(2), NOW.plusSeconds(4)));
        tickets.accept(new ReservationExpired(1, ++sequence, due, null, 7L, "a", 3, NOW.plusSeconds(3),
                NOW.plusSeconds(2), null, 10, 0, 0, 0));

        assertThat(tickets.highestOfAnyUser()).isEqualTo(3);
    }

    @Test
    void anExtensionKeepsAHoldCounting() {
        var tickets = new UserTickets();
        UUID extended = UUID.randomUUID();
        tickets.accept(held(7, extended, UUID.randomUUID(), 3, NOW, NOW.plusSeconds(2)));
        tickets.accept(new dev.holdfast.contracts.change.ReservationExtended(1, ++sequence, extended,
                UUID.randomUUID(), 7L, "a", 3, NOW.plusSeconds(1), NOW.plusSeconds(10), null, 10, 0, 0, 0));
        tickets.accept(held(7, UUID.randomUUID(), UUID.randomUUID(), 2, NOW.plusSeconds(5), NOW.plusSeconds(9)));

        assertThat(tickets.highestOfAnyUser()).isEqualTo(5);
    }

    @Test
    void theHighestIsTheMostAUserHeldAndOwnedAtOnce() {
        var tickets = new UserTickets();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        tickets.accept(held(7, first, UUID.randomUUID(), 2));
        tickets.accept(new ReservationPurchased(1, ++sequence, first, UUID.randomUUID(), 7L, "a", 2, NOW, NOW, null,
                10, 0, 0, 0));
        tickets.accept(held(7, second, UUID.randomUUID(), 3));
        tickets.accept(new ReservationExpired(1, ++sequence, second, null, 7L, "a", 3, NOW, NOW, null, 10, 0, 0, 0));
        tickets.accept(held(7, UUID.randomUUID(), UUID.randomUUID(), 1));
        tickets.accept(held(8, UUID.randomUUID(), UUID.randomUUID(), 4));

        // 2 bought + 3 held at once; the expired 3 gone before the next 1
        assertThat(tickets.highestByUser()).containsEntry(7L, 5).containsEntry(8L, 4);
        assertThat(tickets.highestOfAnyUser()).isEqualTo(5);
        assertThat(tickets.requestsWithTwoReservations()).isEmpty();
    }

    @Test
    void aCancelReturnsTheTicketsAndARequestWithTwoHoldsIsNamed() {
        var tickets = new UserTickets();
        UUID request = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        tickets.accept(held(7, first, request, 2));
        tickets.accept(new ReservationCancelled(1, ++sequence, first, UUID.randomUUID(), 7L, "a", 2, NOW, NOW, null,
                10, 0, 0, 0));
        tickets.accept(held(7, UUID.randomUUID(), request, 2));

        assertThat(tickets.highestOfAnyUser()).isEqualTo(2);
        assertThat(tickets.requestsWithTwoReservations()).containsExactly(request);
    }
}
