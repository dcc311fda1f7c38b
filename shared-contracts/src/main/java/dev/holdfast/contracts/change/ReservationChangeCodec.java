package dev.holdfast.contracts.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Json;

import java.io.UncheckedIOException;

/** Reads and writes reservation changes as JSON: {@code {"type": "reservation_held", "schemaVersion": 1, ...}}. */
public final class ReservationChangeCodec {

    private static final ObjectMapper MAPPER = Json.mapper();

    private ReservationChangeCodec() {
    }

    public static byte[] encode(ReservationChange event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + event, e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a reservation change of a known schema version */
    public static ReservationChange decode(byte[] json) {
        return Json.readVersioned(json, ReservationChange.class, ReservationChange.SCHEMA_VERSION);
    }
}
