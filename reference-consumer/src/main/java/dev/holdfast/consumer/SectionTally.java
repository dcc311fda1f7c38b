package dev.holdfast.consumer;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import dev.holdfast.contracts.change.SectionCapacityChanged;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A downstream view of Holdfast's inventory, rebuilt from {@code reservation-events} alone: per event and section,
 * how many tickets are available, held and sold. It is the part of a consumer worth copying.
 *
 * <p>Delivery is at least once, so the same change can arrive twice, and after a failure a change can arrive after
 * a later one. The per-event {@code sequence} (1, 2, 3, ... without gaps) makes that harmless: a change whose
 * sequence was applied already is dropped; one that comes early waits until the gap before it is filled. Every
 * change is therefore applied exactly once, in order. Each event also carries the section's counters after the
 * change, which the tally checks its own arithmetic against.
 *
 * <p>To survive restarts, keep the tally and the last applied sequence per event in your own store, updated in one
 * transaction; then Kafka offsets can be committed whenever convenient. (This class keeps them in memory, and
 * {@link ReferenceConsumer} reads the topic from the beginning on each start.)
 */
public final class SectionTally {

    /** What became of a change handed to {@link #accept}. */
    public enum Result { APPLIED, DUPLICATE, WAITING_FOR_GAP }

    /** A section's counters. */
    public record Counters(int capacity, int available, int held, int sold) {
    }

    private record SectionKey(long eventId, String section) {
    }

    private final Map<Long, Long> lastSequence = new HashMap<>();
    private final Map<Long, NavigableMap<Long, ReservationChange>> early = new HashMap<>();
    private final Map<SectionKey, Counters> sections = new HashMap<>();
    private long mismatches;

    public Result accept(ReservationChange event) {
        long last = lastSequence.getOrDefault(event.eventId(), 0L);
        if (event.sequence() <= last) {
            return Result.DUPLICATE;
        }
        if (event.sequence() > last + 1) {
            early.computeIfAbsent(event.eventId(), id -> new TreeMap<>()).putIfAbsent(event.sequence(), event);
            return Result.WAITING_FOR_GAP;
        }
        apply(event);
        NavigableMap<Long, ReservationChange> waiting = early.get(event.eventId());
        while (waiting != null && !waiting.isEmpty() && waiting.firstKey() <= lastSequence.get(event.eventId()) + 1) {
            ReservationChange next = waiting.pollFirstEntry().getValue();
            if (next.sequence() == lastSequence.get(event.eventId()) + 1) {
                apply(next);
            }
        }
        return Result.APPLIED;
    }

    private void apply(ReservationChange event) {
        var key = new SectionKey(event.eventId(), event.section());
        // a section first seen starts from its counters before this change: the stream begins at the event's creation
        Counters before = sections.getOrDefault(key, before(event));
        Counters after = event.accept(new ReservationChange.Visitor<>() {
            @Override
            public Counters held(ReservationHeld held) {
                int q = held.quantity();
                return new Counters(before.capacity(), before.available() - q, before.held() + q, before.sold());
            }

            @Override
            public Counters purchased(ReservationPurchased purchased) {
                int q = purchased.quantity();
                return new Counters(before.capacity(), before.available(), before.held() - q, before.sold() + q);
            }

            @Override
            public Counters cancelled(ReservationCancelled cancelled) {
                int q = cancelled.quantity();
                return new Counters(before.capacity(), before.available() + q, before.held() - q, before.sold());
            }

            @Override
            public Counters expired(ReservationExpired expired) {
                int q = expired.quantity();
                return new Counters(before.capacity(), before.available() + q, before.held() - q, before.sold());
            }

            @Override
            public Counters extended(ReservationExtended extended) {
                return before;
            }

            @Override
            public Counters capacityChanged(SectionCapacityChanged changed) {
                int q = changed.quantity();
                return new Counters(before.capacity() + q, before.available() + q, before.held(), before.sold());
            }
        });
        if (!after.equals(carried(event))) {
            mismatches++;
        }
        sections.put(key, after);
        lastSequence.put(event.eventId(), event.sequence());
    }

    private static Counters carried(ReservationChange event) {
        return new Counters(event.capacity(), event.available(), event.held(), event.sold());
    }

    /** The section's counters before a change of a section the tally has not seen yet: fresh, nothing held or sold. */
    private static Counters before(ReservationChange event) {
        int capacity = event instanceof SectionCapacityChanged ? event.capacity() - event.quantity() : event.capacity();
        return new Counters(capacity, capacity, 0, 0);
    }

    public Counters section(long eventId, String section) {
        return sections.get(new SectionKey(eventId, section));
    }

    public long lastSequence(long eventId) {
        return lastSequence.getOrDefault(eventId, 0L);
    }

    /** Changes received ahead of a gap, not applied yet. */
    public int waiting(long eventId) {
        NavigableMap<Long, ReservationChange> waiting = early.get(eventId);
        return waiting == null ? 0 : waiting.size();
    }

    /** Changes after which the tally's own arithmetic disagreed with the counters the change carried. */
    public long mismatches() {
        return mismatches;
    }

    public Map<String, Counters> sectionsOf(long eventId) {
        Map<String, Counters> result = new TreeMap<>();
        sections.forEach((key, counters) -> {
            if (key.eventId() == eventId) {
                result.put(key.section(), counters);
            }
        });
        return result;
    }
}
