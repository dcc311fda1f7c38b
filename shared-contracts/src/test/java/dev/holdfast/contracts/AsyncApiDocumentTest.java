package dev.holdfast.contracts;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import dev.holdfast.contracts.change.SectionCapacityChanged;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document describes exactly the messages the code writes: same fields, same required ones. */
class AsyncApiDocumentTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");
    private static final UUID ID = UUID.randomUUID();

    private final Map<String, Object> schemas = schemas();

    @Test
    void everyCommandMatchesItsSchema() throws IOException {
        assertMatches("ReserveCommand", CommandCodec.encode(new ReserveCommand(ID, 1, 2, "floor", 3, NOW)));
        assertMatches("PurchaseCommand", CommandCodec.encode(new PurchaseCommand(ID, 1, 2, ID, "pay", NOW)));
        assertMatches("CancelCommand", CommandCodec.encode(new CancelCommand(ID, 1, 2, ID, NOW)));
        assertMatches("ReleaseCommand", CommandCodec.encode(ReleaseCommand.of(1, ID, NOW)));
        assertMatches("ChangeCapacityCommand", CommandCodec.encode(new ChangeCapacityCommand(ID, 1, "floor", 5, NOW)));
        assertMatches("ExtendCommand", CommandCodec.encode(new ExtendCommand(ID, 1, 2, ID, NOW)));
        assertMatches("JoinWaitlistCommand", CommandCodec.encode(new JoinWaitlistCommand(ID, 1, 2, "floor", 2, NOW)));
        assertMatches("LeaveWaitlistCommand", CommandCodec.encode(new LeaveWaitlistCommand(ID, 1, 2, ID, NOW)));
    }

    @Test
    void everyReservationEventMatchesItsSchema() throws IOException {
        assertMatches("ReservationHeld", ReservationChangeCodec.encode(
                new ReservationHeld(1, 1, ID, ID, 2L, "floor", 1, NOW, NOW, ID, 10, 9, 1, 0)));
        assertMatches("ReservationPurchased", ReservationChangeCodec.encode(
                new ReservationPurchased(1, 2, ID, ID, 2L, "floor", 1, NOW, NOW, null, 10, 9, 0, 1)));
        assertMatches("ReservationCancelled", ReservationChangeCodec.encode(
                new ReservationCancelled(1, 2, ID, ID, 2L, "floor", 1, NOW, NOW, null, 10, 10, 0, 0)));
        assertMatches("ReservationExpired", ReservationChangeCodec.encode(
                new ReservationExpired(1, 2, ID, null, 2L, "floor", 1, NOW, NOW, null, 10, 10, 0, 0)));
        assertMatches("ReservationExtended", ReservationChangeCodec.encode(
                new ReservationExtended(1, 2, ID, ID, 2L, "floor", 1, NOW, NOW, null, 10, 9, 1, 0)));
        assertMatches("SectionCapacityChanged", ReservationChangeCodec.encode(
                new SectionCapacityChanged(1, 3, null, ID, null, "floor", -2, NOW, null, null, 8, 8, 0, 0)));
    }

    @SuppressWarnings("unchecked")
    private void assertMatches(String schemaName, byte[] json) throws IOException {
        Map<String, Object> message = Json.mapper().readValue(json, new TypeReference<>() {
        });
        Map<String, Object> properties = new HashMap<>();
        List<String> required = new ArrayList<>();
        collect((Map<String, Object>) schemas.get(schemaName), properties, required);

        assertThat(properties.keySet()).as("fields of %s", schemaName).containsExactlyInAnyOrderElementsOf(message.keySet());
        assertThat(message).as("required fields of %s", schemaName).containsKeys(required.toArray(String[]::new));
        Map<String, Object> type = (Map<String, Object>) properties.get("type");
        assertThat(message.get("type")).as("type of %s", schemaName).isEqualTo(type.get("const"));
    }

    /** The properties and required fields of a schema, following {@code allOf} and {@code $ref}. */
    @SuppressWarnings("unchecked")
    private void collect(Map<String, Object> schema, Map<String, Object> properties, List<String> required) {
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            String ref = (String) ((Map<String, Object>) part).get("$ref");
            collect((Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1)), properties, required);
        }
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of())).forEach((name, definition) ->
                properties.merge(name, definition, (a, b) -> {
                    var merged = new HashMap<>((Map<String, Object>) a);
                    merged.putAll((Map<String, Object>) b);
                    return merged;
                }));
        required.addAll((List<String>) schema.getOrDefault("required", List.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas() {
        try (InputStream document = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            Map<String, Object> root = new Yaml().load(document);
            assertThat(root.get("asyncapi")).isEqualTo("3.0.0");
            return (Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
