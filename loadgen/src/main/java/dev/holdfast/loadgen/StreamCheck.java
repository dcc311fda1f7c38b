package dev.holdfast.loadgen;

import dev.holdfast.consumer.SectionTally;
import dev.holdfast.consumer.UserTickets;
import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.event.ReservationEvent;
import dev.holdfast.contracts.event.ReservationEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code reservation-events} from the beginning for one event: are its sequences exactly 1..n, and does a tally
 * rebuilt from the stream alone equal the counters the API reports?
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
        var tally = new SectionTally();
        Set<Long> sequences = new TreeSet<>();
        Map<Long, ReservationEvent> inOrder = new TreeMap<>();
        long messages = 0;
        long duplicates = 0;
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
            while (tally.lastSequence(eventId) < expectedLastSequence && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!key.equals(record.key())) {
                        continue;
                    }
                    ReservationEvent event = ReservationEventCodec.decode(record.value());
                    messages++;
                    if (!sequences.add(event.sequence())) {
                        duplicates++;
                    }
                    tally.accept(event);
                    inOrder.putIfAbsent(event.sequence(), event);
                }
            }
        }
        long last = sequences.isEmpty() ? 0 : ((TreeSet<Long>) sequences).last();
        boolean gapless = sequences.size() == last && last == expectedLastSequence && tally.waiting(eventId) == 0;
        var users = new UserTickets();
        inOrder.values().forEach(users::accept);
        return new Result(messages, duplicates, last, gapless, tally, users);
    }
}
