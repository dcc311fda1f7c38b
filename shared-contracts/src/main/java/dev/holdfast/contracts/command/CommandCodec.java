package dev.holdfast.contracts.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Json;
import dev.holdfast.contracts.SeatIds;
import dev.holdfast.contracts.StorableText;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Reads and writes commands as JSON: {@code {"type": "reserve", "schemaVersion": 1, ...}}. */
public final class CommandCodec {

    private static final ObjectMapper MAPPER = Json.mapper();
    /** The longest payment reference the API accepts and the {@code reservations} table stores. */
    public static final int PAYMENT_REFERENCE_LENGTH = 64;

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
     * @throws MalformedCommandException when the bytes are not JSON, the type is unknown, a field is missing, a
     *                                   text field holds what PostgreSQL cannot store ({@link StorableText}), or
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
                return storable(reserve.section()) && reserve.quantity() > 0 && wellFormedSeats(reserve);
            }

            @Override
            public Boolean purchase(PurchaseCommand purchase) {
                return purchase.reservationId() != null && (purchase.paymentReference() == null
                        || purchase.paymentReference().length() <= PAYMENT_REFERENCE_LENGTH
                        && storable(purchase.paymentReference()));
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
                return storable(change.section()) && change.capacity() >= 0;
            }

            @Override
            public Boolean extend(ExtendCommand extend) {
                return extend.reservationId() != null;
            }

            @Override
            public Boolean joinWaitlist(JoinWaitlistCommand join) {
                return storable(join.section()) && join.quantity() > 0;
            }

            @Override
            public Boolean leaveWaitlist(LeaveWaitlistCommand leave) {
                return leave.entryId() != null;
            }
        });
        if (!complete) {
            throw new MalformedCommandException("incomplete or unstorable " + command.commandType().wireName()
                    + " command");
        }
    }

    /** Picked seats, when there are any: 1..100 distinct well-formed ids, as many as the quantity. */
    private static boolean wellFormedSeats(ReserveCommand reserve) {
        List<String> seats = reserve.seats();
        if (seats == null) {
            return true;
        }
        return !seats.isEmpty() && seats.size() <= SeatIds.MAX_PICKED && seats.size() == reserve.quantity()
                && seats.stream().allMatch(SeatIds::isWellFormed) && Set.copyOf(seats).size() == seats.size();
    }

    private static boolean storable(String text) {
        return text != null && StorableText.isStorable(text);
    }
}
