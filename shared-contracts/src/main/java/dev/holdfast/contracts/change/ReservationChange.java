package dev.holdfast.contracts.change;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A committed change of an event's inventory, published on {@code reservation-events} (at least once, keyed by event
 * id). {@code sequence} numbers the changes of one event 1, 2, 3, ... without gaps: drop an event whose sequence you
 * have applied, and treat a jump as a gap to wait for. {@code capacity}, {@code available}, {@code held} and
 * {@code sold} are the section's counters after the change. Every message carries every field, {@code null} where it
 * does not apply.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReservationHeld.class, name = "reservation_held"),
        @JsonSubTypes.Type(value = ReservationPurchased.class, name = "reservation_purchased"),
        @JsonSubTypes.Type(value = ReservationCancelled.class, name = "reservation_cancelled"),
        @JsonSubTypes.Type(value = ReservationExpired.class, name = "reservation_expired"),
        @JsonSubTypes.Type(value = ReservationExtended.class, name = "reservation_extended"),
        @JsonSubTypes.Type(value = SectionCapacityChanged.class, name = "section_capacity_changed")
})
public sealed interface ReservationChange
        permits ReservationHeld, ReservationPurchased, ReservationCancelled, ReservationExpired,
        ReservationExtended, SectionCapacityChanged {

    int SCHEMA_VERSION = 1;

    long eventId();

    long sequence();

    /** The reservation the change concerns; null for a capacity change. */
    UUID reservationId();

    /**
     * The request that caused the change; null for a hold released by another command that needed its tickets, and
     * for an offer to the waiting list made by another command.
     */
    UUID requestId();

    /** The owner of the reservation; null for a capacity change. */
    Long userId();

    String section();

    /**
     * Tickets the change moved; for {@code section_capacity_changed}, the change of capacity (negative when it
     * was lowered).
     */
    int quantity();

    Instant occurredAt();

    /** When the hold expires (or expired), after the change; null for a capacity change. */
    Instant expiresAt();

    /** The waiting-list entry a hold was offered to; null for ordinary holds and capacity changes. */
    UUID waitlistEntryId();

    int capacity();

    int available();

    int held();

    int sold();

    /**
     * The reservation's seats, in row and seat order ({@code "A-11"}), for a seated section; null for general
     * admission and for capacity changes.
     */
    List<String> seats();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of event; Java 17 has no pattern matching for {@code switch}. */
    interface Visitor<R> {
        R held(ReservationHeld event);

        R purchased(ReservationPurchased event);

        R cancelled(ReservationCancelled event);

        R expired(ReservationExpired event);

        R extended(ReservationExtended event);

        R capacityChanged(SectionCapacityChanged event);
    }

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
