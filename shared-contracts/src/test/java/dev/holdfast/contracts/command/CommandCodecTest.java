package dev.holdfast.contracts.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void everyCommandSurvivesARoundTrip() {
        UUID reservation = UUID.randomUUID();
        var commands = new Command[]{
                new ReserveCommand(UUID.randomUUID(), 42, 7, "floor", 2, NOW),
                new PurchaseCommand(UUID.randomUUID(), 42, 7, reservation, "pay_1", NOW),
                new CancelCommand(UUID.randomUUID(), 42, 7, reservation, NOW),
                ReleaseCommand.of(42, reservation, NOW),
                new ChangeCapacityCommand(UUID.randomUUID(), 42, "floor", 800, NOW)};
        for (Command command : commands) {
            assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(command);
        }
    }

    @Test
    void theJsonCarriesTypeAndSchemaVersionAndOnlyTheRecordFields() {
        var json = new String(CommandCodec.encode(new ReserveCommand(
                UUID.fromString("00000000-0000-0000-0000-000000000001"), 42, 7, "floor", 2, NOW)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"reserve\"", "\"schemaVersion\":1", "\"eventId\":42",
                "\"submittedAt\":\"2026-11-21T10:15:30.123Z\"");
        assertThat(json).doesNotContain("fingerprint", "commandType");
    }

    @Test
    void anUnknownSchemaVersionIsMalformed() {
        String json = """
                {"type":"reserve","schemaVersion":2,"requestId":"%s","eventId":1,"userId":1,"section":"a",
                 "quantity":1,"submittedAt":"2026-11-21T10:15:30Z"}""".formatted(UUID.randomUUID());
        assertThatThrownBy(() -> CommandCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedCommandException.class).hasMessageContaining("schemaVersion");
    }

    @Test
    void textPostgreSqlCannotStoreIsMalformedSoItCannotFailABatch() {
        UUID reservation = UUID.randomUUID();
        for (Command poison : new Command[]{
                new PurchaseCommand(UUID.randomUUID(), 42, 7, reservation, "pay\u0000x", NOW),
                new PurchaseCommand(UUID.randomUUID(), 42, 7, reservation, "pay\uD800", NOW),
                new PurchaseCommand(UUID.randomUUID(), 42, 7, reservation, "p".repeat(65), NOW),
                new ReserveCommand(UUID.randomUUID(), 42, 7, "fl\u0000or", 1, NOW),
                new JoinWaitlistCommand(UUID.randomUUID(), 42, 7, "\uDC00", 1, NOW),
                new ChangeCapacityCommand(UUID.randomUUID(), 42, "a\u0000", 1, NOW)}) {
            assertThatThrownBy(() -> CommandCodec.decode(CommandCodec.encode(poison)))
                    .as(poison.toString()).isInstanceOf(MalformedCommandException.class);
        }
        var emoji = new PurchaseCommand(UUID.randomUUID(), 42, 7, reservation, "pay \uD83C\uDFAB", NOW);
        assertThat(CommandCodec.decode(CommandCodec.encode(emoji))).isEqualTo(emoji);
    }

    @Test
    void anUnknownTypeIsMalformed() {
        String json = """
                {"type":"teleport","schemaVersion":1,"requestId":"%s","eventId":1,"submittedAt":"2026-11-21T10:15:30Z"}"""
                .formatted(UUID.randomUUID());
        assertThatThrownBy(() -> CommandCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedCommandException.class);
    }

    @Test
    void bytesThatAreNotJsonAreMalformed() {
        assertThatThrownBy(() -> CommandCodec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedCommandException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CommandCodec.decode(null)).isInstanceOf(MalformedCommandException.class);
    }

    @Test
    void aCommandWithoutItsRequiredFieldsIsMalformed() {
        String json = """
                {"type":"reserve","schemaVersion":1,"eventId":1,"userId":1,"quantity":1,"submittedAt":"2026-11-21T10:15:30Z"}""";
        assertThatThrownBy(() -> CommandCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedCommandException.class);
    }

    @Test
    void theFingerprintIgnoresRequestIdAndTimeButNotWhatIsAsked() {
        var a = new ReserveCommand(UUID.randomUUID(), 42, 7, "floor", 2, NOW);
        var sameAsk = new ReserveCommand(UUID.randomUUID(), 42, 7, "floor", 2, NOW.plusSeconds(5));
        var otherQuantity = new ReserveCommand(a.requestId(), 42, 7, "floor", 3, NOW);

        assertThat(a.fingerprint()).isEqualTo(sameAsk.fingerprint()).isNotEqualTo(otherQuantity.fingerprint());
    }

    @Test
    void everyReleaseOfOneHoldIsTheSameRequest() {
        UUID reservation = UUID.randomUUID();
        assertThat(ReleaseCommand.of(1, reservation, NOW).requestId())
                .isEqualTo(ReleaseCommand.of(1, reservation, NOW.plusSeconds(1)).requestId());
    }
}
