package dev.holdfast.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request's outcome as the batch that settled it committed it, carried in its notification on
 * {@link OutcomeChannel}: the columns of its {@code requests} row, and the reservation it concerns in the state the
 * batch left it. A gateway renders it exactly as it renders the same request read from the database right after the
 * commit, without the read. The worker carries only outcomes it knows whole: those without a waiting-list entry (whose
 * place in the queue is counted at read time), and those whose reservation the batch itself created or changed.
 *
 * <p>It is written for the worker's batch to pay little: null fields are left out, and timestamps are numbers of
 * microseconds since the epoch (the database's precision) rather than ISO-8601 text, which took most of the time to
 * write and read. Every timestamp the worker stores has no finer part.
 *
 * @param type          the command's wire name
 * @param userId        null for the admin's capacity changes
 * @param problemCode   the rejection's code, null when the command succeeded
 * @param reservation   the reservation the request names, as the batch left it; null when it names none
 */
public record SettledOutcome(UUID requestId, String type, long eventId, Long userId, UUID reservationId,
                             String problemCode, String problemDetail, List<String> unavailableSeats,
                             String fingerprint, Instant submittedAt, Instant completedAt, Reservation reservation) {

    /** A reservation's columns, as {@code reservations} stores them. {@code seats} null in a general admission. */
    public record Reservation(UUID id, long eventId, String section, int quantity, List<String> seats, String status,
                              Instant expiresAt, Instant createdAt, Instant purchasedAt, Instant cancelledAt,
                              Instant expiredAt, String paymentReference, int extensions, UUID waitlistEntryId) {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("epoch-microseconds")
                    .addSerializer(Instant.class, new EpochMicrosecondsWriter())
                    .addDeserializer(Instant.class, new EpochMicrosecondsReader()))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The JSON that travels in a notification (one line: no raw line breaks). */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the outcome of request " + requestId, e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a settled outcome */
    public static SettledOutcome fromJson(String json) {
        try {
            return MAPPER.readValue(json, SettledOutcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a settled outcome: " + e.getOriginalMessage(), e);
        }
    }

    private static final class EpochMicrosecondsWriter extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant instant, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeNumber(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000));
        }
    }

    private static final class EpochMicrosecondsReader extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser json, DeserializationContext context) throws IOException {
            long micros = json.getLongValue();
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
