package dev.holdfast.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeChannelTest {

    private static final Instant AT = Instant.parse("2026-12-02T15:09:11.620123Z");

    /**
     * Any list of outcomes, of any sizes and characters: every payload stays under the limit in UTF-8, and the payloads
     * read back give the same outcomes in the same order, each carried unless it could not fit a payload of its own.
     */
    @Test
    void payloadsStayUnderTheLimitAndReadBackAsTheOutcomesInOrder() {
        Random random = new Random(20261202);
        for (int run = 0; run < 200; run++) {
            List<OutcomeChannel.Line> lines = new ArrayList<>();
            int count = random.nextInt(300);
            for (int i = 0; i < count; i++) {
                lines.add(new OutcomeChannel.Line(new UUID(random.nextLong(), random.nextLong()),
                        random.nextInt(4) == 0 ? null : text(random)));
            }

            List<String> payloads = OutcomeChannel.payloads(lines);

            List<OutcomeChannel.Line> read = new ArrayList<>();
            for (String payload : payloads) {
                assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(OutcomeChannel.MAX_PAYLOAD_BYTES);
                assertThat(payload).isNotEmpty();
                read.addAll(OutcomeChannel.lines(payload));
            }
            assertThat(read).containsExactlyElementsOf(lines.stream().map(OutcomeChannelTest::asSent).toList());
        }
    }

    @Test
    void aSettledOutcomeTravelsAsOneLineAndReadsBackEqual() {
        var reservation = new SettledOutcome.Reservation(UUID.randomUUID(), 42, "A", 2, List.of("A-11", "A-12"),
                "held", AT.plusSeconds(300), AT, null, null, null, "ref\nwith a\u2028break", 0, null);
        var outcome = new SettledOutcome(UUID.randomUUID(), "reserve", 42, 7L, reservation.id(), null,
                "detail\r\n\"quoted\" \u00e9", List.of(), "fp", Instant.parse("2026-12-02T15:09:11.600Z"), AT,
                reservation);

        String json = outcome.toJson();
        List<OutcomeChannel.Line> read = OutcomeChannel.lines(String.join("\n",
                OutcomeChannel.payloads(List.of(new OutcomeChannel.Line(outcome.requestId(), json)))));

        assertThat(json).doesNotContain("\n", "\r", "null", "2026-");
        assertThat(read).singleElement().satisfies(line ->
                assertThat(SettledOutcome.fromJson(line.carried())).isEqualTo(outcome));
    }

    @Test
    void readsTheIdsOfAnEarlierWorkerAndLeavesOutWhatIsNotAnId() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(OutcomeChannel.lines(first + "," + second)).containsExactly(
                OutcomeChannel.Line.idOnly(first), OutcomeChannel.Line.idOnly(second));
        assertThat(OutcomeChannel.lines("hello,42\nnot-an-id {}\n\n" + first)).containsExactly(
                OutcomeChannel.Line.idOnly(first));
        assertThat(OutcomeChannel.lines("")).isEmpty();
    }

    /** What a line reads back as: itself, or its id alone when it cannot fit a payload. */
    private static OutcomeChannel.Line asSent(OutcomeChannel.Line line) {
        if (line.carried() == null) {
            return line;
        }
        int bytes = 37 + line.carried().getBytes(StandardCharsets.UTF_8).length;
        return bytes <= OutcomeChannel.MAX_PAYLOAD_BYTES ? line : OutcomeChannel.Line.idOnly(line.requestId());
    }

    /** Text of a carried outcome as JSON writes it: no line break; some multi-byte characters; some too long. */
    private static String text(Random random) {
        int length = switch (random.nextInt(10)) {
            case 0 -> 7_850 + random.nextInt(100);
            case 1 -> 2_000 + random.nextInt(4_000);
            default -> 1 + random.nextInt(700);
        };
        String[] alphabet = {"a", "{", "\"", " ", ",", "\u00e9", "\u20ac", "\ud83c\udfab"};
        var text = new StringBuilder();
        while (text.length() < length) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }
}
