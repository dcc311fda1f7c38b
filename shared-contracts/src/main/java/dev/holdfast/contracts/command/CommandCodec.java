package dev.holdfast.contracts.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Json;

import java.io.UncheckedIOException;

/** Reads and writes commands as JSON: {@code {"type": "reserve", "schemaVersion": 1, ...}}. */
public final class CommandCodec {

    private static final ObjectMapper MAPPER = Json.mapper();

    private CommandCodec() {
    }

    public static byte[] encode(Command command) {
        try {
            return MAPPER.writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + command, e);
        }
    }

    /**
     * Parses a command.
     *
     * @throws MalformedCommandException when the bytes are not JSON, the type is unknown, a field is missing or
     *                                   the schema version is not one this code understands
     */
    public static Command decode(byte[] json) {
        Command command;
        try {
            command = Json.readVersioned(json, Command.class, Command.SCHEMA_VERSION);
        } catch (IllegalArgumentException e) {
            throw new MalformedCommandException(e.getMessage(), e);
        }
        requireComplete(command);
        return command;
    }

    private static void requireComplete(Command command) {
        if (command.requestId() == null || command.submittedAt() == null || command.eventId() <= 0) {
            throw new MalformedCommandException("requestId, eventId and submittedAt are required");
        }
        boolean complete = command.accept(new Command.Visitor<>() {
            @Override
            public Boolean reserve(ReserveCommand reserve) {
                return reserve.section() != null && reserve.quantity() > 0;
            }

            @Override
            public Boolean purchase(PurchaseCommand purchase) {
                return purchase.reservationId() != null;
            }

            @Override
            public Boolean cancel(CancelCommand cancel) {
                return cancel.reservationId() != null;
            }

            @Override
            public Boolean release(ReleaseCommand release) {
                return release.reservationId() != null;
            }

            @Override
            public Boolean changeCapacity(ChangeCapacityCommand change) {
                return change.section() != null && change.capacity() >= 0;
            }

            @Override
            public Boolean extend(ExtendCommand extend) {
                return extend.reservationId() != null;
            }

            @Override
            public Boolean joinWaitlist(JoinWaitlistCommand join) {
                return join.section() != null && join.quantity() > 0;
            }

            @Override
            public Boolean leaveWaitlist(LeaveWaitlistCommand leave) {
                return leave.entryId() != null;
            }
        });
        if (!complete) {
            throw new MalformedCommandException("incomplete " + command.commandType().wireName() + " command");
        }
    }
}
