package dev.holdfast.consumer;

import dev.holdfast.contracts.event.ReservationCancelled;
import dev.holdfast.contracts.event.ReservationEvent;
import dev.holdfast.contracts.event.ReservationExpired;
import dev.holdfast.contracts.event.ReservationHeld;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules a buyer cannot break, checked from {@code reservation-events} alone: how many tickets each user held or
 * owned at most, at any point of one event's history (held + purchased: holds and offers add, cancels and expiries
 * take away, a purchase keeps the tickets with their user), and whether any request made two reservations. Feed it
 * one event's changes in {@code sequence} order, each once.
 */
public final class UserTickets {

    private final Map<Long, Integer> current = new HashMap<>();
    private final Map<Long, Integer> highest = new HashMap<>();
    private final Map<UUID, Long> owners = new HashMap<>();
    private final Map<UUID, Integer> quantities = new HashMap<>();
    private final Map<UUID, UUID> reservationOfRequest = new HashMap<>();
    private final Set<UUID> requestsWithTwoReservations = new HashSet<>();

    public void accept(ReservationEvent event) {
        if (event instanceof ReservationHeld held) {
            owners.put(held.reservationId(), held.userId());
            quantities.put(held.reservationId(), held.quantity());
            change(held.userId(), held.quantity());
            UUID earlier = reservationOfRequest.putIfAbsent(held.requestId(), held.reservationId());
            if (earlier != null && !earlier.equals(held.reservationId())) {
                requestsWithTwoReservations.add(held.requestId());
            }
        } else if (event instanceof ReservationCancelled || event instanceof ReservationExpired) {
            Long owner = owners.get(event.reservationId());
            if (owner != null) {
                change(owner, -quantities.get(event.reservationId()));
            }
        }
    }

    private void change(long user, int tickets) {
        int now = current.merge(user, tickets, Integer::sum);
        highest.merge(user, now, Math::max);
    }

    /** The most tickets any one user held and owned at once. */
    public int highestOfAnyUser() {
        return highest.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public Map<Long, Integer> highestByUser() {
        return Map.copyOf(highest);
    }

    /** Requests whose {@code reservation_held} named two different reservations. */
    public Set<UUID> requestsWithTwoReservations() {
        return Set.copyOf(requestsWithTwoReservations);
    }
}
