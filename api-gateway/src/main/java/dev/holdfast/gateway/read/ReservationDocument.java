package dev.holdfast.gateway.read;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reservation as its owner sees it; a hold past {@code expiresAt} reads {@code expired}. {@code seats} are its
 * seats in row and seat order, null in a general-admission section.
 */
public record ReservationDocument(UUID id, long eventId, String section, int quantity, List<String> seats,
                                  String status,
                                  Instant expiresAt, Instant createdAt, Instant purchasedAt, Instant cancelledAt,
                                  Instant expiredAt, String paymentReference, int extensions,
                                  UUID waitlistEntryId) {
}
