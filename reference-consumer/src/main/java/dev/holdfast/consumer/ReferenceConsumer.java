package dev.holdfast.consumer;

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
import java.util.TreeSet;

/**
 * Follows {@code reservation-events} from the beginning and prints each event's per-section tally as it changes.
 * Run it with {@code ./holdfast consume}; {@code HOLDFAST_KAFKA_BOOTSTRAP_SERVERS} names the broker.
 */
public final class ReferenceConsumer {

    private ReferenceConsumer() {
    }

    public static void main(String[] args) {
        String servers = System.getenv().getOrDefault("HOLDFAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        var tally = new SectionTally();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            // the tally lives in memory, so it is rebuilt from the start of the topic on every run
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESERVATION_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                var changed = new TreeSet<Long>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    ReservationChange event = ReservationChangeCodec.decode(record.value());
                    if (tally.accept(event) == SectionTally.Result.APPLIED) {
                        changed.add(event.eventId());
                    }
                }
                for (long eventId : changed) {
                    System.out.printf("event %d (sequence %d): %s%n", eventId, tally.lastSequence(eventId),
                            tally.sectionsOf(eventId));
                }
            }
        }
    }
}
