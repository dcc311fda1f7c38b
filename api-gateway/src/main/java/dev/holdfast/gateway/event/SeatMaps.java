package dev.holdfast.gateway.event;

import com.github.benmanes.caffeine.cache.Cache;
import dev.holdfast.gateway.config.CacheProperties;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Seat maps for the public read, each cached whole for a moment ({@code holdfast.gateway.caches.seat-maps}): a
 * flood of readers of one section costs one query per expiry, and since a map's counters and rows come from one
 * statement, a cached map is always of one moment. Concurrent readers of a map not cached wait for one read.
 */
@Component
class SeatMaps {

    /** A seat map with its entity tag, computed once per read. */
    record Tagged(SeatMapDocument document, String etag) {
    }

    private record Key(long eventId, String section) {
    }

    private final EventRepository events;
    private final Cache<Key, Tagged> maps;

    SeatMaps(EventRepository events, CacheProperties caches) {
        this.events = events;
        this.maps = caches.seatMaps().builder().build();
    }

    /** The seat map of a seated section of an event, or empty when the database has none (nothing is cached). */
    Optional<Tagged> read(long eventId, String section) {
        return Optional.ofNullable(maps.get(new Key(eventId, section),
                key -> events.seatMap(key.eventId(), key.section()).map(SeatMaps::tagged).orElse(null)));
    }

    /**
     * A strong tag of what can change in a map: its counters and its rows' statuses (labels, aisles and accessible
     * places never change once the section exists). Equal maps have equal tags whichever gateway reads them.
     */
    static Tagged tagged(SeatMapDocument map) {
        MessageDigest digest = sha256();
        digest.update("%d/%s/%d/%d/%d/%d".formatted(map.eventId(), map.section(), map.capacity(), map.available(),
                map.held(), map.sold()).getBytes(StandardCharsets.UTF_8));
        for (SeatMapDocument.Row row : map.rows()) {
            digest.update((byte) '/');
            digest.update(row.seats().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] hash = digest.digest();
        return new Tagged(map, "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
