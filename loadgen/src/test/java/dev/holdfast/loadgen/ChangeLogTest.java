package dev.holdfast.loadgen;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import dev.holdfast.contracts.change.ReservationHeld;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one consumer loop of the load generator, on a {@code MockConsumer} whose polls hand out the messages a test
 * lays out: where it stops, what it counts, and that it reads only the one event's changes.
 */
class ChangeLogTest {

    private static final long EVENT = 7;
    private static final TopicPartition PARTITION = new TopicPartition(Topics.RESERVATION_EVENTS, 0);
    /** Long enough never to be the reason a read stops: each test's read stops on its condition. */
    private static final Duration NEVER = Duration.ofMinutes(5);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private long nextOffset;

    @BeforeEach
    void oneEmptyPartition() {
        consumer.updatePartitions(Topics.RESERVATION_EVENTS,
                List.of(new PartitionInfo(Topics.RESERVATION_EVENTS, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    }

    /** The next poll hands out these changes of {@code eventId}, in this order. */
    private void nextPollReturns(long eventId, long... sequences) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (long sequence : sequences) {
            records.add(new ConsumerRecord<>(Topics.RESERVATION_EVENTS, 0, nextOffset++, Topics.key(eventId),
                    ReservationChangeCodec.encode(held(eventId, sequence))));
        }
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    private static ReservationChange held(long eventId, long sequence) {
        return new ReservationHeld(eventId, sequence, UUID.randomUUID(), UUID.randomUUID(), 1L, "floor", 1,
                Instant.EPOCH, Instant.EPOCH, null, 10, 9, 1, 0);
    }

    private static List<Long> sequencesOf(List<ReservationChange> changes) {
        return changes.stream().map(ReservationChange::sequence).toList();
    }

    @Test
    void readsUntilTheExpectedSequenceHasArrivedKeepingEachSequenceOnce() {
        nextPollReturns(EVENT, 1, 2, 1);
        nextPollReturns(8, 1, 2, 3, 4);
        nextPollReturns(EVENT, 3);
        nextPollReturns(EVENT, 4);

        ChangeLog.Read read = ChangeLog.read(consumer, EVENT, NEVER, ChangeLog.arrived(3));

        assertThat(sequencesOf(read.changes())).containsExactly(1L, 2L, 3L);
        assertThat(read.messages()).isEqualTo(4);
        assertThat(read.duplicates()).isEqualTo(1);
        assertThat(read.lastSequence()).isEqualTo(3);
        assertThat(read.gapless()).isTrue();
    }

    @Test
    void aGapIsSeenAndEveryMessageIsToldDuplicatesIncluded() {
        nextPollReturns(EVENT, 1, 3, 3);
        List<Long> told = new ArrayList<>();

        ChangeLog.Read read = ChangeLog.read(consumer, EVENT, NEVER, new ChangeLog.Until() {
            @Override
            public boolean reached(SortedMap<Long, ReservationChange> bySequence) {
                return bySequence.containsKey(3L);
            }

            @Override
            public void accept(ReservationChange change) {
                told.add(change.sequence());
            }
        });

        assertThat(told).containsExactly(1L, 3L, 3L);
        assertThat(sequencesOf(read.changes())).containsExactly(1L, 3L);
        assertThat(read.gapless()).isFalse();
    }

    @Test
    void onceReachedItReadsOnToTheEndOfTheTopicAsItWasThenAndNoFurther() {
        nextPollReturns(EVENT, 1);
        nextPollReturns(EVENT, 2, 3);
        nextPollReturns(EVENT, 4);
        // the end as it is when sequence 1 has been read: after sequence 3
        consumer.updateEndOffsets(Map.of(PARTITION, 3L));

        ChangeLog.Read read = ChangeLog.read(consumer, EVENT, NEVER, new ChangeLog.Until() {
            @Override
            public boolean reached(SortedMap<Long, ReservationChange> bySequence) {
                return bySequence.containsKey(1L);
            }

            @Override
            public boolean thenToTheEnd() {
                return true;
            }
        });

        assertThat(sequencesOf(read.changes())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void withoutReadingToTheEndItStopsAsSoonAsReached() {
        nextPollReturns(EVENT, 1);
        nextPollReturns(EVENT, 2, 3);

        ChangeLog.Read read = ChangeLog.read(consumer, EVENT, NEVER, ChangeLog.arrived(1));

        assertThat(sequencesOf(read.changes())).containsExactly(1L);
    }
}
