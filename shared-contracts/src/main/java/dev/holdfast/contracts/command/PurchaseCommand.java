package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/** Buy the tickets of a hold before it expires; {@code paymentReference} is optional (at most 64 characters). */
public record PurchaseCommand(UUID requestId, long eventId, long userId, UUID reservationId, String paymentReference,
                              Instant submittedAt) implements Command, UserCommand, ReservationCommand {

    @Override
    public CommandType commandType() {
        return CommandType.PURCHASE;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, reservationId, paymentReference);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.purchase(this);
    }
}
