package dev.holdfast.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.Json;

import java.io.IOException;
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
        try {
            JsonNode tree = MAPPER.readTree(json);
            JsonNode version = tree == null ? null : tree.get("schemaVersion");
            if (version == null || version.intValue() != ReservationEvent.SCHEMA_VERSION) {
                throw new IllegalArgumentException("unsupported schemaVersion " + version);
            }
            return MAPPER.treeToValue(tree, ReservationEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reservation event: " + e.getMessage(), e);
        }
    }
}
