package dev.holdfast.gateway.read;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A waiting-list entry as its owner sees it. {@code position} (1 for the head of the section's queue) only while
 * {@code waiting}; {@code reservationId} names the hold offered to it once {@code offered}.
 */
public record WaitlistEntryDocument(UUID id, long eventId, String section, int quantity, String status,
                                    @Schema(nullable = true, description = "1 for the head of the section's queue; "
                                            + "null unless waiting") Long position,
                                    @Schema(nullable = true, description = "The hold offered to this entry; null "
                                            + "until offered") UUID reservationId,
                                    Instant createdAt,
                                    @Schema(nullable = true, description = "null until offered") Instant offeredAt,
                                    @Schema(nullable = true, description = "null unless left") Instant leftAt) {
}
