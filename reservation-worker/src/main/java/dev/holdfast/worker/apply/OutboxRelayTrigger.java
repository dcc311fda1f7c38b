package dev.holdfast.worker.apply;

import java.util.Collection;

/**
 * What the applier needs of the outbox relay: after a batch transaction committed, the events whose reservation
 * changes wait in the outbox, to be published soon (ARCHITECTURE.md, invariant 5). An interface here, implemented by
 * {@code outbox.OutboxRelay}, since {@code outbox} is the layer above {@code apply}.
 */
public interface OutboxRelayTrigger {

    /** Publishes every outbox row of these events soon; called only after the transaction that wrote them committed. */
    void relayAfterCommit(Collection<Long> eventIds);
}
