package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.contracts.command.UserCommand;

import java.time.Instant;
import java.util.UUID;

/** A command this gateway has appended to the log and whose outcome is not in the database yet. */
record PendingRequest(UUID requestId, CommandType type, long eventId, Long userId, UUID reservationId,
                      String fingerprint, Instant submittedAt) {

    static PendingRequest of(Command command) {
        return new PendingRequest(command.requestId(), command.commandType(), command.eventId(),
                command instanceof UserCommand byUser ? byUser.userId() : null,
                command instanceof ReservationCommand named ? named.reservationId() : null,
                command.fingerprint(), command.submittedAt());
    }
}
