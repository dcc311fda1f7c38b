package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/** Hold {@code quantity} tickets of one section for a user, all or nothing. */
public record ReserveCommand(UUID requestId, long eventId, long userId, String section, int quantity,
                             Instant submittedAt) implements Command, UserCommand {

    @Override
    public CommandType commandType() {
        return CommandType.RESERVE;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, section, quantity);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reserve(this);
    }
}
