package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/**
 * Join a section's waiting list for {@code quantity} tickets. When nobody waits there and the tickets are available,
 * the entry is offered a hold at once; otherwise it waits its turn, first come, first served.
 */
public record JoinWaitlistCommand(UUID requestId, long eventId, long userId, String section, int quantity,
                                  Instant submittedAt) implements Command, UserCommand {

    @Override
    public CommandType commandType() {
        return CommandType.WAITLIST_JOIN;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, section, quantity);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.joinWaitlist(this);
    }
}
