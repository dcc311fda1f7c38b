package dev.holdfast.contracts.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * A command on {@code reservation-commands}. Every command belongs to one event, carries the request id that makes
 * it idempotent, and is applied by the reservation worker in partition order. The JSON form has a {@code type}
 * discriminator and {@code schemaVersion} (see {@link CommandCodec}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReserveCommand.class, name = "reserve"),
        @JsonSubTypes.Type(value = PurchaseCommand.class, name = "purchase"),
        @JsonSubTypes.Type(value = CancelCommand.class, name = "cancel"),
        @JsonSubTypes.Type(value = ReleaseCommand.class, name = "release"),
        @JsonSubTypes.Type(value = ChangeCapacityCommand.class, name = "capacity"),
        @JsonSubTypes.Type(value = ExtendCommand.class, name = "extend"),
        @JsonSubTypes.Type(value = JoinWaitlistCommand.class, name = "waitlist_join"),
        @JsonSubTypes.Type(value = LeaveWaitlistCommand.class, name = "waitlist_leave")
})
public sealed interface Command
        permits ReserveCommand, PurchaseCommand, CancelCommand, ReleaseCommand, ChangeCapacityCommand, ExtendCommand,
        JoinWaitlistCommand, LeaveWaitlistCommand {

    /** Version of the message layout; a consumer rejects versions it does not know. */
    int SCHEMA_VERSION = 1;

    UUID requestId();

    long eventId();

    Instant submittedAt();

    /** The request type as it appears in request documents and in the {@code requests} table. */
    CommandType commandType();

    /**
     * A hash of what the command asks for, without its request id and submission time: two commands with the same
     * request id and different fingerprints mean that one Idempotency-Key was used for two different requests.
     */
    String fingerprint();

    /**
     * Dispatches on the kind of command. Java 17 has no pattern matching for {@code switch}; the visitor keeps
     * dispatch checked by the compiler, since every record of this sealed interface must implement it.
     */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of command. */
    interface Visitor<R> {
        R reserve(ReserveCommand command);

        R purchase(PurchaseCommand command);

        R cancel(CancelCommand command);

        R release(ReleaseCommand command);

        R changeCapacity(ChangeCapacityCommand command);

        R extend(ExtendCommand command);

        R joinWaitlist(JoinWaitlistCommand command);

        R leaveWaitlist(LeaveWaitlistCommand command);
    }

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
