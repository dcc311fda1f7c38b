package dev.holdfast.gateway.request;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.gateway.config.GatewayProperties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A pending request's place in line: how many commands of its event's partition are ahead of it and not applied
 * yet, that is its offset minus the workers' committed offset (committed only after the database commit). The
 * gateway that appended a command knows its offset; any other instance estimates it as the first offset appended
 * in the same 100 ms as the submission ({@code ListOffsets} by timestamp, immutable once known, so cached). The
 * committed offsets are read at most once per {@code positionCacheTime}. Best effort: null when unknown.
 */
@Component
class CommandLogPositions {

    private static final Logger log = LoggerFactory.getLogger(CommandLogPositions.class);
    private static final long BUCKET_MILLIS = 100;
    private static final int MAX_CACHED_BUCKETS = 100_000;
    private static final int TIMEOUT_MILLIS = 1_000;

    private final AdminClient admin;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String groupId;
    private final String topic;
    private final long cacheNanos;
    private final Map<Bucket, Long> offsetsByTime = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bucket, Long> eldest) {
            return size() > MAX_CACHED_BUCKETS;
        }
    };
    private volatile Map<TopicPartition, OffsetAndMetadata> applied = Map.of();
    private volatile long appliedReadAt = System.nanoTime() - Long.MAX_VALUE / 2;

    private record Bucket(int partition, long startMillis) {
    }

    CommandLogPositions(AdminClient kafkaHealthAdmin, KafkaTemplate<String, byte[]> kafka, TopicNames topics,
                        GatewayProperties properties) {
        this.topic = topics.commands();
        this.admin = kafkaHealthAdmin;
        this.kafka = kafka;
        this.groupId = properties.workerGroupId();
        this.cacheNanos = properties.positionCacheTime().toNanos();
    }

    /** The position of the command appended at {@code offset} to the partition of {@code eventId}. */
    Long ofOffset(long eventId, long offset) {
        try {
            return ahead(partitionOf(eventId), offset);
        } catch (RuntimeException | InterruptedException e) {
            return unknown(e);
        }
    }

    /** The position of a command of {@code eventId} submitted at {@code submittedAt}, estimated from the log. */
    Long ofSubmission(long eventId, Instant submittedAt) {
        try {
            int partition = partitionOf(eventId);
            Long offset = offsetAt(new Bucket(partition, submittedAt.toEpochMilli() / BUCKET_MILLIS * BUCKET_MILLIS));
            return offset == null ? null : ahead(partition, offset);
        } catch (RuntimeException | InterruptedException e) {
            return unknown(e);
        }
    }

    private Long ahead(int partition, long offset) throws InterruptedException {
        OffsetAndMetadata committed = appliedOffsets().get(new TopicPartition(topic, partition));
        // a partition the workers never committed is read from its start (auto.offset.reset=earliest)
        return Math.max(0, offset - (committed == null ? 0 : committed.offset()));
    }

    private int partitionOf(long eventId) {
        int partitions = kafka.partitionsFor(topic).size();
        return BuiltInPartitioner.partitionForKey(Topics.key(eventId).getBytes(StandardCharsets.UTF_8), partitions);
    }

    private Long offsetAt(Bucket bucket) throws InterruptedException {
        synchronized (offsetsByTime) {
            Long known = offsetsByTime.get(bucket);
            if (known != null) {
                return known;
            }
        }
        var partition = new TopicPartition(topic, bucket.partition());
        long offset;
        try {
            offset = admin.listOffsets(Map.of(partition, OffsetSpec.forTimestamp(bucket.startMillis())),
                            new ListOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .partitionResult(partition).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).offset();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
        if (offset < 0) {
            return null; // nothing appended at or after that time yet
        }
        synchronized (offsetsByTime) {
            offsetsByTime.put(bucket, offset);
        }
        return offset;
    }

    private Map<TopicPartition, OffsetAndMetadata> appliedOffsets() throws InterruptedException {
        if (System.nanoTime() - appliedReadAt < cacheNanos) {
            return applied;
        }
        synchronized (this) {
            if (System.nanoTime() - appliedReadAt >= cacheNanos) {
                try {
                    applied = admin.listConsumerGroupOffsets(groupId,
                                    new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                            .partitionsToOffsetAndMetadata().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException(e);
                } finally {
                    appliedReadAt = System.nanoTime();
                }
            }
            return applied;
        }
    }

    private static Long unknown(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.debug("position unknown: {}", e.toString());
        return null;
    }
}
