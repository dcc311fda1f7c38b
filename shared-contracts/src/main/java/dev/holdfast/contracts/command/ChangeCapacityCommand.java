package dev.holdfast.contracts.command;

import java.time.Instant;
import java.util.UUID;

/** Set a section's capacity (admin). Lowering it below held + sold is rejected with {@code capacity_conflict}. */
public record ChangeCapacityCommand(UUID requestId, long eventId, String section, int capacity, Instant submittedAt)
        implements Command {

    @Override
    public CommandType commandType() {
        return CommandType.CAPACITY;
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of(commandType(), eventId, section, capacity);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.changeCapacity(this);
    }
}
