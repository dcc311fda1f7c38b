package dev.holdfast.loadgen;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code reservation-events} of one event, read from the beginning: each sequence once, in sequence order. The one
 * consumer loop of the load generator; {@link StreamCheck} reads through it with a stopping condition of its own.
 */
final class ChangeLog {

    /** @param messages every message read, duplicates included */
    record Read(List<ReservationChange> changes, long messages) {

        long lastSequence() {
            return changes.isEmpty() ? 0 : changes.get(changes.size() - 1).sequence();
        }

        /** Whether the sequences are exactly 1..n. */
        boolean gapless() {
            return changes.isEmpty() || lastSequence() == changes.size() && changes.get(0).sequence() == 1;
        }

        /** The messages that repeated a sequence already read. */
        long duplicates() {
            return messages - changes.size();
        }
    }

    /** When a read has gone far enough; it is told of every message as it arrives. */
    @FunctionalInterface
    interface Until {

        /** Asked before every poll, with the changes read so far, each sequence once. */
        boolean reached(SortedMap<Long, ReservationChange> bySequence);

        /** Every message of the event as it arrives, duplicates included. */
        default void accept(ReservationChange change) {
        }

        /**
         * Whether, once reached, the read goes on to the end of every partition as it was at that moment, so that a
         * change after the one that reached it is not missed.
         */
        default boolean thenToTheEnd() {
            return false;
        }
    }

    private ChangeLog() {
    }

    /** Reads until the event's sequence {@code expectedLastSequence} has arrived, or the timeout. */
    static Read read(String bootstrapServers, long eventId, long expectedLastSequence, Duration timeout) {
        return read(bootstrapServers, eventId, timeout, arrived(expectedLastSequence));
    }

    /** Reads until {@code until} is reached (then on to the topic's end, if it asks), or the timeout. */
    static Read read(String bootstrapServers, long eventId, Duration timeout, Until until) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            return read(consumer, eventId, timeout, until);
        }
    }

    /** Until the change of sequence {@code sequence} has been read. */
    static Until arrived(long sequence) {
        return bySequence -> bySequence.containsKey(sequence);
    }

    /** The loop, on a consumer of the caller's (which closes it). */
    static Read read(Consumer<String, byte[]> consumer, long eventId, Duration timeout, Until until) {
        SortedMap<Long, ReservationChange> bySequence = new TreeMap<>();
        long messages = 0;
        String key = Topics.key(eventId);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESERVATION_EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = null;
        while (System.nanoTime() < deadline) {
            if (ends == null && until.reached(bySequence)) {
                if (!until.thenToTheEnd()) {
                    break;
                }
                ends = consumer.endOffsets(partitions);
            }
            if (ends != null && caughtUp(consumer, ends)) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    ReservationChange change = ReservationChangeCodec.decode(record.value());
                    messages++;
                    until.accept(change);
                    bySequence.putIfAbsent(change.sequence(), change);
                }
            }
        }
        return new Read(List.copyOf(bySequence.values()), messages);
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
