package dev.holdfast.gateway.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EventStreamsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    /** The committed "database": each event's available tickets (capacity 100). */
    private final Map<Long, Integer> available = new ConcurrentHashMap<>();
    private final EventRepository events = mock(EventRepository.class);
    private EventStreams streams;
    private StreamLimits limits;

    @BeforeEach
    void setUp() {
        when(events.live(anyLong())).thenAnswer(call -> live(call.getArgument(0)));
    }

    @AfterEach
    void tearDown() {
        if (streams != null) {
            streams.stop();
        }
    }

    private void start(int perAddress, int perGateway, Duration writeTimeout) {
        limits = new StreamLimits(perAddress, perGateway);
        streams = new EventStreams(events, JSON, new SimpleMeterRegistry(), limits, writeTimeout);
        streams.start();
    }

    /** A general-admission event as its stream reads it: no seat rows. */
    private Optional<EventRepository.LiveEvent> live(long eventId) {
        return document(eventId).map(document -> new EventRepository.LiveEvent(document, Map.of()));
    }

    private Optional<EventDocument> document(long eventId) {
        Integer left = available.get(eventId);
        return left == null ? Optional.empty() : Optional.of(EventDocument.of(eventId, "Event " + eventId, null, 300,
                null, 0, List.of(new EventDocument.SectionDocument("general", "General", false, 100, left,
                        100 - left, 0, 0)),
                Instant.parse("2026-11-21T10:15:30Z")));
    }

    private void commit(long eventId, int left) {
        available.put(eventId, left);
        streams.notified(List.of(Long.toString(eventId)));
    }

    /** A client's end of the network: takes bytes while {@code ready}, and records the messages. */
    static final class FakeChannel implements StreamClient.Channel {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger readyChecks = new AtomicInteger();
        volatile boolean ready = true;
        volatile boolean closed;

        @Override
        public boolean isReady() {
            readyChecks.incrementAndGet();
            return ready;
        }

        @Override
        public void write(byte[] bytes) {
            if (!ready) {
                throw new IllegalStateException("a write while not ready");
            }
            messages.add(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        /** The available counts of the availability messages received, in order. */
        List<Integer> availableCounts() {
            List<Integer> counts = new ArrayList<>();
            for (String message : messages) {
                if (message.startsWith("event:availability\ndata:")) {
                    try {
                        counts.add(JSON.readTree(message.substring(message.indexOf("data:") + 5)).get("available")
                                .asInt());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return counts;
        }

        Integer lastAvailable() {
            List<Integer> counts = availableCounts();
            return counts.isEmpty() ? null : counts.get(counts.size() - 1);
        }
    }

    private StreamClient watch(long eventId, String address, FakeChannel channel) throws IOException {
        return streams.watch(eventId, address, client -> client.apply(channel));
    }

    @Test
    void theFirstMessageIsTheEventDocumentAtOnceAndEachChangeFollows() throws IOException {
        start(20, 100, Duration.ofSeconds(30));
        available.put(42L, 100);
        FakeChannel channel = new FakeChannel();
        watch(42, "10.0.0.1", channel);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(channel.availableCounts()).containsExactly(100));
        assertThat(channel.messages.get(0)).startsWith("event:availability\ndata:{\"id\":42,").endsWith("}\n\n");

        commit(42, 97);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(channel.availableCounts()).containsExactly(100, 97));
        assertThat(streams.watchers()).isEqualTo(1);
    }

    @Test
    void anUnknownEventIsNotFoundAndHoldsNoSlot() {
        start(20, 100, Duration.ofSeconds(30));

        assertThatThrownBy(() -> watch(404, "10.0.0.1", new FakeChannel()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(limits.open()).isZero();
        assertThat(streams.watchers()).isZero();
    }

    @Test
    void streamsBeyondTheAddressCapAreRateLimitedWithRetryAfterAndAnEndedStreamFreesItsSlot() throws IOException {
        start(2, 100, Duration.ofSeconds(30));
        available.put(1L, 100);
        FakeChannel first = new FakeChannel();
        StreamClient firstClient = watch(1, "10.0.0.1", first);
        watch(1, "10.0.0.1", new FakeChannel());

        assertThatThrownBy(() -> watch(1, "10.0.0.1", new FakeChannel()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                });
        watch(1, "10.0.0.2", new FakeChannel());

        // the client goes away (the container reports the request completed, failed or timed out)
        firstClient.close();
        assertThat(first.closed).isTrue();
        assertThat(limits.open("10.0.0.1")).isEqualTo(1);
        watch(1, "10.0.0.1", new FakeChannel());
        assertThat(streams.watchers()).isEqualTo(3);
    }

    @Test
    void streamsBeyondTheGatewayCapAreRateLimitedWhateverTheAddress() throws IOException {
        start(20, 3, Duration.ofSeconds(30));
        available.put(1L, 100);
        for (int i = 0; i < 3; i++) {
            watch(1, "10.0.0." + i, new FakeChannel());
        }

        assertThatThrownBy(() -> watch(1, "10.0.0.9", new FakeChannel()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("rate_limited"));
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void aClientThatNeverReadsDelaysNobodyAndIsClosedAfterTheWriteTimeout() throws IOException {
        start(100, 100, Duration.ofMillis(200));
        available.put(5L, 100);
        List<FakeChannel> stuck = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeChannel channel = new FakeChannel();
            stuck.add(channel);
            watch(5, "10.0.0.66", channel);
        }
        await().atMost(PATIENCE).until(() -> stuck.stream().allMatch(c -> c.messages.size() == 1));
        // their receive windows are full: from now on they take nothing
        stuck.forEach(channel -> channel.ready = false);
        FakeChannel reader = new FakeChannel();
        watch(5, "10.0.0.7", reader);

        commit(5, 90);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(reader.lastAvailable()).isEqualTo(90));
        commit(5, 80);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(reader.lastAvailable()).isEqualTo(80));

        // the stalled ones are disconnected, and their slots are free again
        await().atMost(PATIENCE).until(() -> stuck.stream().allMatch(c -> c.closed));
        assertThat(stuck).allSatisfy(channel -> assertThat(channel.messages).hasSize(1));
        assertThat(limits.open("10.0.0.66")).isZero();
        assertThat(streams.watchers()).isEqualTo(1);
        assertThat(reader.closed).isFalse();
    }

    @Test
    void aSlowClientSkipsToTheLatestDocument() throws IOException {
        start(20, 100, Duration.ofSeconds(30));
        available.put(3L, 100);
        FakeChannel slow = new FakeChannel();
        StreamClient client = watch(3, "10.0.0.1", slow);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(slow.availableCounts()).containsExactly(100));
        slow.ready = false;

        for (int left : new int[]{99, 98, 97}) {
            int checksBefore = slow.readyChecks.get();
            commit(3, left);
            // the document reached the client's outbox, which found the channel not ready
            await().atMost(PATIENCE).until(() -> slow.readyChecks.get() > checksBefore);
        }
        slow.ready = true;
        client.writable();

        assertThat(slow.availableCounts()).containsExactly(100, 97);
    }

    @Test
    void aKeepAliveIsSentOnlyWhenNothingElseWaits() {
        FakeChannel channel = new FakeChannel();
        StreamClient client = new StreamClient(channel, closed -> {
        });
        client.keepAlive();
        assertThat(channel.messages).containsExactly(": keep-alive\n\n");

        channel.ready = false;
        client.offer(StreamClient.availability("{\"id\":1}"));
        client.keepAlive();
        channel.ready = true;
        client.writable();
        assertThat(channel.messages).containsExactly(": keep-alive\n\n", "event:availability\ndata:{\"id\":1}\n\n");
    }

    @Test
    void seatMessagesWaitInOrderBehindAStalledChannelWhileSnapshotsReplaceEachOther() {
        FakeChannel channel = new FakeChannel();
        StreamClient client = new StreamClient(channel, closed -> {
        });
        channel.ready = false;

        client.offer(StreamClient.availability("{\"available\":3}"));
        client.offerSeats(StreamClient.seats("{\"n\":1}"));
        client.offer(StreamClient.availability("{\"available\":2}"));
        client.offerSeats(StreamClient.seats("{\"n\":2}"));
        client.keepAlive();
        channel.ready = true;
        client.writable();

        assertThat(channel.messages).containsExactly("event:seats\ndata:{\"n\":1}\n\n",
                "event:availability\ndata:{\"available\":2}\n\n", "event:seats\ndata:{\"n\":2}\n\n");
    }

    @Test
    void aClientFallingTooFarBehindOnSeatMessagesIsClosed() {
        FakeChannel channel = new FakeChannel();
        AtomicInteger closings = new AtomicInteger();
        StreamClient client = new StreamClient(channel, closed -> closings.incrementAndGet());
        channel.ready = false;
        byte[] megabyte = StreamClient.seats("x".repeat(1 << 20));

        long fits = StreamClient.MAX_PENDING_SEAT_BYTES / megabyte.length;
        for (int i = 0; i < fits; i++) {
            client.offerSeats(megabyte);
        }
        assertThat(client.isClosed()).isFalse();
        client.offerSeats(megabyte);

        assertThat(client.isClosed()).isTrue();
        assertThat(channel.closed).isTrue();
        assertThat(closings).hasValue(1);
    }

    @Test
    void aChangeCommittedBetweenTheFirstReadAndTheSubscriptionReachesTheWatcher() throws IOException {
        start(20, 100, Duration.ofSeconds(30));
        available.put(7L, 100);
        AtomicInteger reads = new AtomicInteger();
        when(events.live(7L)).thenAnswer(call -> {
            Optional<EventRepository.LiveEvent> read = live(7);
            if (reads.getAndIncrement() == 0) {
                // a batch commits right after the new watcher's read, and its notification arrives before the
                // watcher is subscribed
                commit(7, 60);
            }
            return read;
        });
        FakeChannel channel = new FakeChannel();
        watch(7, "10.0.0.1", channel);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(channel.lastAvailable()).isEqualTo(60));
    }

    @Test
    void aWatcherThatArrivesAsTheLastOneLeavesIsStillSubscribed() throws Exception {
        start(10_000, 10_000, Duration.ofSeconds(30));
        int rounds = 300;
        List<FakeChannel> staying = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (long eventId = 1; eventId <= rounds; eventId++) {
                long id = eventId;
                available.put(id, 100);
                // one watcher comes and goes, so the event's entry is created and forgotten, while another arrives
                watch(id, "10.0.1.1", new FakeChannel()).close();
                CyclicBarrier together = new CyclicBarrier(2);
                FakeChannel stays = new FakeChannel();
                staying.add(stays);
                StreamClient leaving = watch(id, "10.0.1.1", new FakeChannel());
                Future<?> leave = threads.submit(() -> {
                    together.await();
                    leaving.close();
                    return null;
                });
                Future<?> arrive = threads.submit(() -> {
                    together.await();
                    return watch(id, "10.0.1.2", stays);
                });
                leave.get();
                arrive.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(streams.watchers()).isEqualTo(rounds);

        for (long eventId = 1; eventId <= rounds; eventId++) {
            commit(eventId, 50);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(staying)
                .allSatisfy(channel -> assertThat(channel.lastAvailable()).isEqualTo(50)));
    }

    @Test
    void stoppingEndsEveryStreamAndFreesEverySlot() throws IOException {
        start(20, 100, Duration.ofSeconds(30));
        available.put(1L, 100);
        FakeChannel a = new FakeChannel();
        FakeChannel b = new FakeChannel();
        watch(1, "10.0.0.1", a);
        watch(1, "10.0.0.2", b);

        streams.stop();

        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
        assertThat(limits.open()).isZero();
        assertThat(streams.watchers()).isZero();
    }
}
