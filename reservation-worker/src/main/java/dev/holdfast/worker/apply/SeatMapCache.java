package dev.holdfast.worker.apply;

import dev.holdfast.worker.inventory.SeatMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seat maps of recently applied events, kept between batches so that a batch of a seated event neither reads its
 * seat rows again nor rebuilds their free-run summaries. It is sound because an event's seats have one writer, this
 * worker's partition consumer (ARCHITECTURE.md, invariant 1), and every change of a seat numbers a reservation change:
 * maps stored after a commit at sequence {@code n} are exactly the database's rows as long as the event's
 * {@code last_sequence} is still {@code n}.
 *
 * <p>A batch takes the maps out ({@link #take}); they go back only after its transaction committed ({@link #put}).
 * A batch that rolls back never puts them back, so the next one reads the rows, as does a batch after a rebalance
 * (another worker moved the sequence on) or after an eviction.
 */
final class SeatMapCache {

    private record Entry(long lastSequence, List<SeatMap> maps) {
    }

    private final int capacity;
    private final Map<Long, Entry> entries;

    SeatMapCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The event's maps if they are current at {@code lastSequence}; the cache no longer has them afterwards. */
    synchronized Optional<List<SeatMap>> take(long eventId, long lastSequence) {
        Entry entry = entries.remove(eventId);
        return entry != null && entry.lastSequence() == lastSequence ? Optional.of(entry.maps()) : Optional.empty();
    }

    /**
     * Keeps the maps of an event as committed at {@code lastSequence}, so as stored: their changed rows start again
     * from there. The least recently used event makes room.
     */
    synchronized void put(long eventId, long lastSequence, List<SeatMap> maps) {
        maps.forEach(SeatMap::markStored);
        entries.put(eventId, new Entry(lastSequence, List.copyOf(maps)));
        while (entries.size() > capacity) {
            Long eldest = entries.keySet().iterator().next();
            entries.remove(eldest);
        }
    }
}
