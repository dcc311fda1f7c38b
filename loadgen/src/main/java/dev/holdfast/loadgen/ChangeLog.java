package dev.holdfast.loadgen;

import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code reservation-events} of one event, read from the beginning: each sequence once, in sequence order. */
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
    }

    private ChangeLog() {
    }

    /** Reads until the event's sequence {@code expectedLastSequence} has arrived, or the timeout. */
    static Read read(String bootstrapServers, long eventId, long expectedLastSequence, Duration timeout) {
        Map<Long, ReservationChange> bySequence = new TreeMap<>();
        long messages = 0;
        String key = Topics.key(eventId);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESERVATION_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!bySequence.containsKey(expectedLastSequence) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        ReservationChange event = ReservationChangeCodec.decode(record.value());
                        messages++;
                        bySequence.putIfAbsent(event.sequence(), event);
                    }
                }
            }
        }
        return new Read(List.copyOf(bySequence.values()), messages);
    }
}
