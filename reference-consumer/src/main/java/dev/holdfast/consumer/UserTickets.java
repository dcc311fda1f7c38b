package dev.holdfast.consumer;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules a buyer cannot break, checked from {@code reservation-events} alone: how many tickets each user held or
 * owned at most when a hold was made, and whether any request made two reservations. Feed it one event's changes in
 * {@code sequence} order, each once.
 *
 * <p>What counts toward {@code maxTicketsPerUser} is what the API counts: the tickets a user bought, and those of holds
 * whose {@code expiresAt} is still ahead. A hold whose time is up no longer counts, even while its release has not
 * been published yet (the expiry worker's {@code reservation_expired} may come seconds later), so each hold is
 * measured against the other holds' {@code expiresAt} at its own {@code occurredAt} (the database clock of both).
 */
public final class UserTickets {

    private record Hold(long owner, int quantity, Instant expiresAt, boolean bought) {
    }

    private final Map<UUID, Hold> active = new HashMap<>();
    private final Map<Long, Set<UUID>> byUser = new HashMap<>();
    private final Map<Long, Integer> highest = new HashMap<>();
    private final Map<UUID, UUID> reservationOfRequest = new HashMap<>();
    private final Set<UUID> requestsWithTwoReservations = new HashSet<>();

    public void accept(ReservationChange event) {
        UUID id = event.reservationId();
        if (event instanceof ReservationHeld held) {
            active.put(id, new Hold(held.userId(), held.quantity(), held.expiresAt(), false));
            byUser.computeIfAbsent(held.userId(), user -> new LinkedHashSet<>()).add(id);
            highest.merge(held.userId(), counted(held.userId(), held.occurredAt()), Math::max);
            UUID earlier = reservationOfRequest.putIfAbsent(held.requestId(), id);
            if (earlier != null && !earlier.equals(id)) {
                requestsWithTwoReservations.add(held.requestId());
            }
        } else if (event instanceof ReservationPurchased && active.containsKey(id)) {
            Hold hold = active.get(id);
            active.put(id, new Hold(hold.owner(), hold.quantity(), hold.expiresAt(), true));
        } else if (event instanceof ReservationExtended && active.containsKey(id)) {
            Hold hold = active.get(id);
            active.put(id, new Hold(hold.owner(), hold.quantity(), event.expiresAt(), hold.bought()));
        } else if ((event instanceof ReservationCancelled || event instanceof ReservationExpired)
                && active.containsKey(id)) {
            byUser.get(active.remove(id).owner()).remove(id);
        }
    }

    /** The user's tickets that count toward the limit at {@code at}: bought, or held and not yet due. */
    private int counted(long user, Instant at) {
        int tickets = 0;
        for (UUID id : byUser.getOrDefault(user, Set.of())) {
            Hold hold = active.get(id);
            if (hold.bought() || hold.expiresAt().isAfter(at)) {
                tickets += hold.quantity();
            }
        }
        return tickets;
    }

    /** The most tickets any one user held and owned at once, as the limit counts them, when a hold was made. */
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
