package dev.holdfast.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/** The JSON mapping used for every Kafka message: ISO-8601 timestamps, tolerant of fields added later. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private Json() {
    }

    /**
     * Reads a message whose {@code schemaVersion} must be {@code version}.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object of that version and type
     */
    public static <T> T readVersioned(byte[] json, Class<T> type, int version) {
        if (json == null) {
            throw new IllegalArgumentException("empty record value");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode found = tree.get("schemaVersion");
        if (found == null || !found.isInt() || found.intValue() != version) {
            throw new IllegalArgumentException("unsupported schemaVersion " + found);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** A shared, thread-safe mapper for Kafka payloads. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
