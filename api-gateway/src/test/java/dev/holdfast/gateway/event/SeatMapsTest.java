package dev.holdfast.gateway.event;

import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.config.TestCaches;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SeatMapsTest {

    private final EventRepository events = mock(EventRepository.class);

    private static SeatMapDocument map(int available, int held, String rowA) {
        return new SeatMapDocument(42, "stalls", 8, available, held, 0, List.of(
                new SeatMapDocument.Row("A", rowA, List.of()), new SeatMapDocument.Row("B", "AAAA", List.of())),
                List.of());
    }

    private static CacheProperties seatMapsFor(Duration expiry) {
        var defaults = TestCaches.caches();
        return new CacheProperties(defaults.events(), defaults.tokens(), defaults.unknownTokens(),
                defaults.reservationOwners(), defaults.healthChecks(), new CacheProperties.Cache(10, null, expiry, null));
    }

    @Test
    void theTagFollowsTheSeatsAndTheCounters() {
        String tag = SeatMaps.tagged(map(8, 0, "AAAA")).etag();

        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(SeatMaps.tagged(map(8, 0, "AAAA")).etag()).isEqualTo(tag);
        assertThat(SeatMaps.tagged(map(7, 1, "HAAA")).etag()).isNotEqualTo(tag);
        // one seat released as another is held: the counters stay, the tag does not
        assertThat(SeatMaps.tagged(map(7, 1, "AHAA")).etag()).isNotEqualTo(SeatMaps.tagged(map(7, 1, "HAAA")).etag());
    }

    @Test
    void readersOfOneMapShareOneReadWhileItIsCached() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(events.seatMap(42, "stalls")).thenAnswer(call -> {
            reads.incrementAndGet();
            readStarted.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Optional.of(map(8, 0, "AAAA"));
        });
        var seatMaps = new SeatMaps(events, seatMapsFor(Duration.ofHours(1)));
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            Future<?> first = readers.submit(() -> seatMaps.read(42, "stalls"));
            assertThat(readStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Optional<SeatMaps.Tagged>>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(readers.submit(() -> seatMaps.read(42, "stalls")));
            }
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (var other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isPresent();
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aSectionWithoutSeatMapIsNotCached() {
        when(events.seatMap(42, "floor")).thenReturn(Optional.empty());
        var seatMaps = new SeatMaps(events, seatMapsFor(Duration.ofHours(1)));

        assertThat(seatMaps.read(42, "floor")).isEmpty();
        assertThat(seatMaps.read(42, "floor")).isEmpty();
        verify(events, times(2)).seatMap(42, "floor");
    }
}
