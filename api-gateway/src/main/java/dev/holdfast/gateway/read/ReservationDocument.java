package dev.holdfast.gateway.read;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reservation as its owner sees it; a hold past {@code expiresAt} reads {@code expired}. {@code seats} are its
 * seats in row and seat order, null in a general-admission section.
 */
public record ReservationDocument(UUID id, long eventId, String section, int quantity,
                                  @Schema(description = "The reservation's seats in row and seat order (`A-12`); "
                                          + "null in a general-admission section") List<String> seats,
                                  String status,
                                  Instant expiresAt, Instant createdAt, Instant purchasedAt, Instant cancelledAt,
                                  Instant expiredAt, String paymentReference, int extensions,
                                  UUID waitlistEntryId) {
}
