package dev.holdfast.consumer;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The seats of one event rebuilt from {@code reservation-events} alone, fed in sequence order: which reservation
 * holds or owns each seat now, and every moment a seat was given to a reservation while another still had it. A
 * downstream service that prints tickets or draws a hall keeps this; the load generator uses it to prove that no seat
 * was ever in two active reservations.
 */
public final class SeatLedger {

    /** A seat's owner now: its reservation and whether it is bought. */
    public record Holder(UUID reservationId, boolean sold) {
    }

    private record SeatKey(String section, String seat) {
    }

    private final Map<SeatKey, Holder> holders = new HashMap<>();
    private final Set<String> doubleBooked = new LinkedHashSet<>();

    public void accept(ReservationChange event) {
        if (event.seats() == null) {
            return;
        }
        for (String seat : event.seats()) {
            SeatKey key = new SeatKey(event.section(), seat);
            Holder now = holders.get(key);
            if (event instanceof ReservationHeld) {
                if (now != null && !now.reservationId().equals(event.reservationId())) {
                    doubleBooked.add(event.section() + "/" + seat);
                }
                holders.put(key, new Holder(event.reservationId(), false));
            } else if (event instanceof ReservationPurchased) {
                holders.put(key, new Holder(event.reservationId(), true));
            } else if ((event instanceof ReservationCancelled || event instanceof ReservationExpired) && now != null
                    && now.reservationId().equals(event.reservationId())) {
                holders.remove(key);
            }
        }
    }

    /** Seats that were given to a reservation while another reservation still held or owned them; empty is right. */
    public Set<String> doubleBooked() {
        return Set.copyOf(doubleBooked);
    }

    /** The letter a seat of the section should have now by the stream: {@code H}, {@code S}, or {@code A}. */
    public char letter(String section, String seat) {
        Holder holder = holders.get(new SeatKey(section, seat));
        return holder == null ? 'A' : holder.sold() ? 'S' : 'H';
    }
}
