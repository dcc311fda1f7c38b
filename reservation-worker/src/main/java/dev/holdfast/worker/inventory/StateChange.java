package dev.holdfast.worker.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * One committed change of an event's inventory, numbered by the event's gapless {@code sequence}; the future
 * payload of {@code reservation-events}. {@code section} is the section's counters after the change.
 */
public record StateChange(long eventId, long sequence, Type type, UUID reservationId, UUID requestId, Long userId,
                          int quantity, Section section, Instant occurredAt) {

    public enum Type {
        RESERVATION_HELD, RESERVATION_PURCHASED, RESERVATION_CANCELLED, RESERVATION_EXPIRED, SECTION_CAPACITY_CHANGED
    }
}
