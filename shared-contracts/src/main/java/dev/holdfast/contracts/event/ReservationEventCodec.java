package dev.holdfast.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Json;

import java.io.UncheckedIOException;

/** Reads and writes reservation events as JSON: {@code {"type": "reservation_held", "schemaVersion": 1, ...}}. */
public final class ReservationEventCodec {

    private static final ObjectMapper MAPPER = Json.mapper();

    private ReservationEventCodec() {
    }

    public static byte[] encode(ReservationEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + event, e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a reservation event of a known schema version */
    public static ReservationEvent decode(byte[] json) {
        return Json.readVersioned(json, ReservationEvent.class, ReservationEvent.SCHEMA_VERSION);
    }
}
