package dev.holdfast.gateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * {@code event: seats} on the stream (API.md v1.2): after the availability message of a change, one message per
 * seated section whose seats changed, holding each changed seat's latest letter; nothing for unchanged sections.
 */
class EventStreamSeatsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final long EVENT = 42;

    /** The committed "database": each seated section's rows of event 42 (stalls and circle), and a standing area. */
    private final Map<String, String[]> rows = new ConcurrentHashMap<>();
    private final EventRepository events = mock(EventRepository.class);
    private final Map<EventStreamsTest.FakeChannel, StreamClient> clients = new ConcurrentHashMap<>();
    private EventStreams streams;

    @BeforeEach
    void setUp() {
        rows.put("stalls", new String[]{"AAAA", "AAAAAA"});
        rows.put("circle", new String[]{"AAA"});
        when(events.live(anyLong())).thenAnswer(call -> (long) call.getArgument(0) == EVENT ? live() : Optional.empty());
        streams = new EventStreams(events, JSON, new SimpleMeterRegistry(), new StreamLimits(20, 100),
                Duration.ofSeconds(30));
        streams.start();
    }

    @AfterEach
    void tearDown() {
        streams.stop();
    }

    /** The event as one snapshot: counters that equal the letters, and the rows. */
    private synchronized Optional<EventRepository.LiveEvent> live() {
        List<EventDocument.SectionDocument> sections = new ArrayList<>();
        Map<String, List<SeatChanges.Row>> seats = new LinkedHashMap<>();
        for (String code : List.of("stalls", "circle")) {
            String[] statuses = rows.get(code).clone();
            String all = String.join("", statuses);
            sections.add(new EventDocument.SectionDocument(code, code, true, all.length(), count(all, 'A'),
                    count(all, 'H'), count(all, 'S'), 0));
            List<SeatChanges.Row> sectionRows = new ArrayList<>();
            for (int i = 0; i < statuses.length; i++) {
                sectionRows.add(new SeatChanges.Row(String.valueOf((char) ('A' + i)), statuses[i]));
            }
            seats.put(code, sectionRows);
        }
        sections.add(new EventDocument.SectionDocument("standing", "standing", false, 10, 10, 0, 0, 0));
        return Optional.of(new EventRepository.LiveEvent(EventDocument.of(EVENT, "Play", null, 300, null, 0, sections,
                Instant.parse("2026-11-21T10:15:30Z")), seats));
    }

    private static int count(String letters, char letter) {
        return (int) letters.chars().filter(c -> c == letter).count();
    }

    /** The worker commits: the rows of a section become these; nobody is told yet. */
    private synchronized void write(String section, String... statuses) {
        rows.put(section, statuses);
    }

    private void notifyChanged() {
        streams.notified(List.of(Long.toString(EVENT)));
    }

    private static List<String> events(EventStreamsTest.FakeChannel channel) {
        return channel.messages.stream().filter(m -> m.startsWith("event:"))
                .map(m -> m.substring("event:".length(), m.indexOf('\n'))).toList();
    }

    private static List<JsonNode> seatMessages(EventStreamsTest.FakeChannel channel) {
        List<JsonNode> messages = new ArrayList<>();
        for (String message : channel.messages) {
            if (message.startsWith("event:seats\ndata:")) {
                try {
                    messages.add(JSON.readTree(message.substring(message.indexOf("data:") + 5)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return messages;
    }

    private EventStreamsTest.FakeChannel watch() throws IOException {
        EventStreamsTest.FakeChannel channel = new EventStreamsTest.FakeChannel();
        clients.put(channel, streams.watch(EVENT, "10.0.0.1", client -> client.apply(channel)));
        await().atMost(PATIENCE).until(() -> channel.availableCounts().size() == 1);
        return channel;
    }

    @Test
    void aChangeOfSeatsFollowsItsAvailabilityMessageWithTheChangedSeatsOfItsSection() throws IOException {
        EventStreamsTest.FakeChannel channel = watch();

        write("stalls", "AAHH", "AAAAAA");
        notifyChanged();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(channel))
                .containsExactly("availability", "availability", "seats"));
        JsonNode seats = seatMessages(channel).get(0);
        assertThat(seats.get("section").asText()).isEqualTo("stalls");
        assertThat(seats.get("seats").toString()).isEqualTo("{\"A-3\":\"H\",\"A-4\":\"H\"}");
        assertThat(channel.lastAvailable()).isEqualTo(21);
    }

    @Test
    void changesBetweenTwoReadingsMakeOneMessagePerSectionWithEachSeatsLatestLetter() throws IOException {
        EventStreamsTest.FakeChannel channel = watch();

        // several batches commit before the gateway reads: A-1 held then sold, A-2 held then released again,
        // B-6 sold; in the circle A-1 held
        write("stalls", "HHAA", "AAAAAA");
        write("stalls", "SAAA", "AAAAAS");
        write("circle", "HAA");
        notifyChanged();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(seatMessages(channel)).hasSize(2));
        List<JsonNode> messages = seatMessages(channel);
        assertThat(messages.get(0).toString())
                .isEqualTo("{\"section\":\"stalls\",\"seats\":{\"A-1\":\"S\",\"B-6\":\"S\"}}");
        assertThat(messages.get(1).toString()).isEqualTo("{\"section\":\"circle\",\"seats\":{\"A-1\":\"H\"}}");
    }

    @Test
    void aSectionWhoseSeatsDidNotChangeSinceTheLastReadingGetsNoMessage() throws IOException {
        EventStreamsTest.FakeChannel channel = watch();
        write("stalls", "HAAA", "AAAAAA");
        notifyChanged();
        await().atMost(PATIENCE).until(() -> seatMessages(channel).size() == 1);

        // the hold is released; then a change in the circle only
        write("stalls", "AAAA", "AAAAAA");
        notifyChanged();
        await().atMost(PATIENCE).until(() -> seatMessages(channel).size() == 2);
        write("circle", "AAS");
        notifyChanged();

        await().atMost(PATIENCE).until(() -> seatMessages(channel).size() == 3);
        assertThat(seatMessages(channel)).extracting(m -> m.toString()).containsExactly(
                "{\"section\":\"stalls\",\"seats\":{\"A-1\":\"H\"}}",
                "{\"section\":\"stalls\",\"seats\":{\"A-1\":\"A\"}}",
                "{\"section\":\"circle\",\"seats\":{\"A-3\":\"S\"}}");
    }

    @Test
    void aWatcherThatJoinsLaterGetsTheSnapshotFirstAndThenOnlyLaterChanges() throws IOException {
        EventStreamsTest.FakeChannel early = watch();
        write("stalls", "HAAA", "AAAAAA");
        notifyChanged();
        await().atMost(PATIENCE).until(() -> seatMessages(early).size() == 1);

        EventStreamsTest.FakeChannel late = watch();
        write("stalls", "HHAA", "AAAAAA");
        notifyChanged();

        await().atMost(PATIENCE).until(() -> seatMessages(late).size() == 1);
        assertThat(events(late).get(0)).isEqualTo("availability");
        assertThat(seatMessages(late).get(0).toString())
                .isEqualTo("{\"section\":\"stalls\",\"seats\":{\"A-2\":\"H\"}}");
        await().atMost(PATIENCE).until(() -> seatMessages(early).size() == 2);
    }

    @Test
    void aSlowWatcherSkipsAvailabilitySnapshotsButGetsEverySeatsMessageInOrder() throws IOException {
        EventStreamsTest.FakeChannel slow = watch();
        slow.ready = false;

        for (String stalls : List.of("HAAA", "HHAA", "HHHA")) {
            int checksBefore = slow.readyChecks.get();
            write("stalls", stalls, "AAAAAA");
            notifyChanged();
            // the messages reached the client's outbox, which found the channel not ready
            await().atMost(PATIENCE).until(() -> slow.readyChecks.get() > checksBefore);
        }
        slow.ready = true;
        streamOf(slow).writable();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(seatMessages(slow))
                .extracting(m -> m.get("seats").toString())
                .containsExactly("{\"A-1\":\"H\"}", "{\"A-2\":\"H\"}", "{\"A-3\":\"H\"}"));
        assertThat(slow.availableCounts()).containsExactly(23, 20);
    }

    @Test
    void nobodyWatchingMeansNoReading() {
        notifyChanged();
        streams.recheck();

        verify(events, never()).live(anyLong());
    }

    /** The client of a channel, for the test to say the channel is writable again. */
    private StreamClient streamOf(EventStreamsTest.FakeChannel channel) {
        return clients.get(channel);
    }
}
