package dev.holdfast.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * A committed change of an event's inventory, published on {@code reservation-events} (at least once, keyed by event
 * id). {@code sequence} numbers the changes of one event 1, 2, 3, ... without gaps: drop an event whose sequence you
 * have applied, and treat a jump as a gap to wait for. {@code capacity}, {@code available}, {@code held} and
 * {@code sold} are the section's counters after the change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReservationHeld.class, name = "reservation_held"),
        @JsonSubTypes.Type(value = ReservationPurchased.class, name = "reservation_purchased"),
        @JsonSubTypes.Type(value = ReservationCancelled.class, name = "reservation_cancelled"),
        @JsonSubTypes.Type(value = ReservationExpired.class, name = "reservation_expired"),
        @JsonSubTypes.Type(value = SectionCapacityChanged.class, name = "section_capacity_changed")
})
public sealed interface ReservationEvent
        permits ReservationHeld, ReservationPurchased, ReservationCancelled, ReservationExpired,
        SectionCapacityChanged {

    int SCHEMA_VERSION = 1;

    long eventId();

    long sequence();

    /** The request that caused the change; absent for a hold released by a reserve that needed its tickets. */
    UUID requestId();

    String section();

    /**
     * Tickets the change moved; for {@code section_capacity_changed}, the change of capacity (negative when it
     * was lowered).
     */
    int quantity();

    Instant occurredAt();

    int capacity();

    int available();

    int held();

    int sold();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of event; Java 17 has no pattern matching for {@code switch}. */
    interface Visitor<R> {
        R held(ReservationHeld event);

        R purchased(ReservationPurchased event);

        R cancelled(ReservationCancelled event);

        R expired(ReservationExpired event);

        R capacityChanged(SectionCapacityChanged event);
    }

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
