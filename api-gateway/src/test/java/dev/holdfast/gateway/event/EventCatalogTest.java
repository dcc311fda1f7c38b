package dev.holdfast.gateway.event;

import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.config.TestCaches;
import dev.holdfast.gateway.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class EventCatalogTest {

    private final EventRepository events = mock(EventRepository.class);

    private static EventShape shape(long id, int capacity) {
        return new EventShape(id, List.of(new EventShape.Section("general", capacity)), 4);
    }

    private static CacheProperties caches(long maximumSize, Duration refreshAfterWrite) {
        var defaults = TestCaches.caches();
        return new CacheProperties(new CacheProperties.Cache(maximumSize, Duration.ofHours(1), null, refreshAfterWrite),
                defaults.tokens(), defaults.unknownTokens(), defaults.reservationOwners(), defaults.healthChecks(),
                defaults.seatMaps());
    }

    @Test
    void anEventIsReadOnceAndThenServedFromTheCache() {
        when(events.shape(1)).thenReturn(Optional.of(shape(1, 10)));
        var catalog = new EventCatalog(events, caches(100, Duration.ofHours(1)));

        for (int i = 0; i < 100; i++) {
            assertThat(catalog.require(1).maxTicketsPerUser()).isEqualTo(4);
        }
        verify(events, times(1)).shape(1);
    }

    @Test
    void anUnknownEventIsNotFoundAndNotCachedSinceAnotherGatewayMayCreateIt() {
        when(events.shape(9)).thenReturn(Optional.empty(), Optional.of(shape(9, 10)));
        var catalog = new EventCatalog(events, caches(100, Duration.ofHours(1)));

        assertThatThrownBy(() -> catalog.require(9)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(catalog.require(9).id()).isEqualTo(9);
    }

    @Test
    void aFullCatalogEvictsAndStillCachesNewEvents() {
        AtomicInteger reads = new AtomicInteger();
        when(events.shape(anyLong())).thenAnswer(call -> {
            reads.incrementAndGet();
            return Optional.of(shape(call.getArgument(0), 10));
        });
        var catalog = new EventCatalog(events, caches(100, Duration.ofHours(1)));
        for (long id = 1; id <= 10_000; id++) {
            catalog.require(id);
        }
        int before = reads.get();

        catalog.require(20_000);
        catalog.require(20_000);
        catalog.require(20_000);

        assertThat(reads.get()).isEqualTo(before + 1);
    }

    @Test
    void aChangedCapacityIsReadAgainAfterTheRefreshInterval() {
        when(events.shape(1)).thenReturn(Optional.of(shape(1, 10)), Optional.of(shape(1, 50)));
        var catalog = new EventCatalog(events, caches(100, Duration.ofMillis(20)));
        assertThat(catalog.require(1).sections().get(0).capacity()).isEqualTo(10);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(catalog.require(1).sections().get(0).capacity()).isEqualTo(50));
    }

    @Test
    void aFailedRefreshKeepsTheShapeItHad() {
        AtomicInteger reads = new AtomicInteger();
        when(events.shape(1)).thenAnswer(call -> {
            if (reads.incrementAndGet() > 1) {
                throw new org.springframework.dao.DataAccessResourceFailureException("database away");
            }
            return Optional.of(shape(1, 10));
        });
        var catalog = new EventCatalog(events, caches(100, Duration.ofMillis(1)));
        catalog.require(1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(catalog.require(1).sections().get(0).capacity()).isEqualTo(10);
            assertThat(reads.get()).isGreaterThan(2);
        });
    }
}
