package dev.holdfast.loadgen;

import dev.holdfast.consumer.SectionTally;
import dev.holdfast.consumer.UserTickets;
import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Reads {@code reservation-events} from the beginning for one event: are its sequences exactly 1..n, and does a tally
 * rebuilt from the stream alone equal the counters the API reports? How far the stream must go is known either from
 * the database (the event's last sequence: {@link #read}) or, for a client that has only the API, from the settled
 * sale itself ({@link #readSettled}): never from the answers the buyers got, since an answer can be lost (a 503, a
 * broken connection) while its command is applied.
 */
final class StreamCheck {

    /**
     * @param users the users' tickets rebuilt from the stream, in sequence order: the most any one held and owned at
     *              once, and the requests that made two reservations
     */
    record Result(long messages, long duplicates, long lastSequence, boolean gapless, SectionTally tally,
                  UserTickets users) {
    }

    private StreamCheck() {
    }

    /** Reads until the event's last sequence has arrived (it is published right after commit) or the timeout. */
    static Result read(String bootstrapServers, long eventId, long expectedLastSequence, Duration timeout) {
        return read(bootstrapServers, eventId, timeout, new Target() {
            @Override
            public boolean reached(SectionTally tally) {
                return tally.lastSequence(eventId) >= expectedLastSequence;
            }

            @Override
            public boolean complete(long lastSequence, List<ReservationChange> inSequenceOrder) {
                return lastSequence == expectedLastSequence;
            }

            @Override
            public boolean readsToTheEnd() {
                return false;
            }
        });
    }

    /**
     * Reads the changes of a settled event (no hold left, nobody waiting) until the stream has caught up with it: its
     * tally equals the counters the API reports for every section, and then on to the end of the topic as it was at
     * that moment. The stream is complete when every hold it started has ended exactly once (each sale's hold is two
     * changes: held, then purchased, cancelled or expired), however many the buyers were told about.
     *
     * @param settled the API's counters of each section once the sale settled
     */
    static Result readSettled(String bootstrapServers, long eventId, Map<String, SectionTally.Counters> settled,
                              Duration timeout) {
        return read(bootstrapServers, eventId, timeout, new Target() {
            @Override
            public boolean reached(SectionTally tally) {
                Map<String, SectionTally.Counters> streamed = tally.sectionsOf(eventId);
                return settled.entrySet().stream().allMatch(section -> section.getValue().equals(
                        streamed.getOrDefault(section.getKey(), untouched(section.getValue().capacity()))));
            }

            @Override
            public boolean complete(long lastSequence, List<ReservationChange> inSequenceOrder) {
                return everyHoldEndedOnce(inSequenceOrder);
            }

            @Override
            public boolean readsToTheEnd() {
                // the counters could, for a moment, equal the final ones before the last changes
                return true;
            }
        });
    }

    /** How far a read must go, and whether what it read is the event's whole history. */
    private interface Target {
        boolean reached(SectionTally tally);

        boolean complete(long lastSequence, List<ReservationChange> inSequenceOrder);

        /** Whether, once reached, the read goes on to the topic's end as it was then. */
        boolean readsToTheEnd();
    }

    /** A section no change has touched: the stream holds nothing of it. */
    private static SectionTally.Counters untouched(int capacity) {
        return new SectionTally.Counters(capacity, capacity, 0, 0);
    }

    /** Every reservation held once and ended once (purchased, cancelled or expired), none ended before its hold. */
    static boolean everyHoldEndedOnce(Collection<ReservationChange> inSequenceOrder) {
        Set<UUID> open = new HashSet<>();
        Set<UUID> ended = new HashSet<>();
        for (ReservationChange event : inSequenceOrder) {
            if (event instanceof ReservationHeld held) {
                if (!open.add(held.reservationId()) || ended.contains(held.reservationId())) {
                    return false;
                }
            } else if (event instanceof ReservationPurchased || event instanceof ReservationCancelled
                    || event instanceof ReservationExpired) {
                if (!open.remove(event.reservationId()) || !ended.add(event.reservationId())) {
                    return false;
                }
            }
        }
        return open.isEmpty();
    }

    private static Result read(String bootstrapServers, long eventId, Duration timeout, Target target) {
        var tally = new SectionTally();
        ChangeLog.Read log = ChangeLog.read(bootstrapServers, eventId, timeout, new ChangeLog.Until() {
            @Override
            public boolean reached(SortedMap<Long, ReservationChange> bySequence) {
                return target.reached(tally);
            }

            @Override
            public void accept(ReservationChange change) {
                tally.accept(change);
            }

            @Override
            public boolean thenToTheEnd() {
                return target.readsToTheEnd();
            }
        });
        long last = log.lastSequence();
        boolean gapless = log.changes().size() == last && tally.waiting(eventId) == 0
                && target.complete(last, log.changes());
        var users = new UserTickets();
        log.changes().forEach(users::accept);
        return new Result(log.messages(), log.duplicates(), last, gapless, tally, users);
    }
}
