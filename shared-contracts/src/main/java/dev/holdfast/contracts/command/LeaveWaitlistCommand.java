package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/** Leave a waiting list: the entry {@code entryId}, still waiting, is given up. */
public record LeaveWaitlistCommand(UUID requestId, long eventId, long userId, UUID entryId, Instant submittedAt)
        implements Command, UserCommand {

    @Override
    public CommandType commandType() {
        return CommandType.WAITLIST_LEAVE;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, userId, entryId);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.leaveWaitlist(this);
    }
}
