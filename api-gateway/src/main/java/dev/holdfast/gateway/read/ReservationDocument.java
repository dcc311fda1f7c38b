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
                                  @Schema(nullable = true, description = "The reservation's seats in row and seat "
                                          + "order (`A-12`); null in a general-admission section")
                                  List<String> seats,
                                  String status,
                                  Instant expiresAt, Instant createdAt,
                                  @Schema(nullable = true, description = "null until purchased") Instant purchasedAt,
                                  @Schema(nullable = true, description = "null unless cancelled") Instant cancelledAt,
                                  @Schema(nullable = true, description = "null unless expired") Instant expiredAt,
                                  @Schema(nullable = true, description = "The purchase's reference, if it gave one")
                                  String paymentReference,
                                  int extensions,
                                  @Schema(nullable = true, description = "The waiting-list entry this hold was "
                                          + "offered to; null for an ordinary reserve") UUID waitlistEntryId) {
}
