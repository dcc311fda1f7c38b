package dev.holdfast.gateway.read;

import java.time.Instant;
import java.util.UUID;

/**
 * A waiting-list entry as its owner sees it. {@code position} (1 for the head of the section's queue) only while
 * {@code waiting}; {@code reservationId} names the hold offered to it once {@code offered}.
 */
public record WaitlistEntryDocument(UUID id, long eventId, String section, int quantity, String status,
                                    Long position, UUID reservationId, Instant createdAt, Instant offeredAt,
                                    Instant leftAt) {
}
