package dev.holdfast.gateway.command;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.gateway.config.GatewayProperties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pending request's place in line: how many commands of its event's partition are ahead of it and not applied
 * yet, that is its offset minus the workers' committed offset (committed only after the database commit). The
 * gateway that appended a command knows its offset; any other instance estimates it as the first offset appended
 * in the same 100 ms as the submission ({@code ListOffsets} by timestamp, immutable once known, so cached).
 * <p>
 * No request thread waits for Kafka: an answer is made of what is cached, and what is missing or older than
 * {@code positionCacheTime} is asked for in the background (the admin client's own futures), for the next poll.
 * Best effort: null when unknown, which the first poll of a time bucket usually is.
 */
@Component
public class CommandLogPositions {

    private static final Logger log = LoggerFactory.getLogger(CommandLogPositions.class);
    private static final int MAX_CACHED_BUCKETS = 100_000;
    private static final int MAX_LOOKUPS_IN_FLIGHT = 64;
    private static final int TIMEOUT_MILLIS = 1_000;

    private final AdminClient admin;
    private final String groupId;
    private final String topic;
    private final long cacheNanos;
    private final Map<Bucket, Long> offsetsByTime = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bucket, Long> eldest) {
            return size() > MAX_CACHED_BUCKETS;
        }
    };
    private final Set<Bucket> lookingUp = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean readingApplied = new AtomicBoolean();
    private final AtomicBoolean readingPartitions = new AtomicBoolean();
    /** The workers' committed offsets; null until first read. */
    private volatile Map<TopicPartition, OffsetAndMetadata> applied;
    private volatile long appliedReadAt;
    /** The partition count of the commands topic; 0 until first read (it never changes: the services refuse to). */
    private volatile int partitions;

    private record Bucket(int partition, long startMillis) {
    }

    CommandLogPositions(AdminClient kafkaHealthAdmin, TopicNames topics, GatewayProperties properties) {
        this.topic = topics.commands();
        this.admin = kafkaHealthAdmin;
        this.groupId = properties.workerGroupId();
        this.cacheNanos = properties.positionCacheTime().toNanos();
    }

    /**
     * The partition of an event's commands, as the producer's default partitioner chooses it for the record key
     * ({@code CommandLog} sends keyed records without a partition): murmur2 of the UTF-8 key, made positive, modulo
     * the partition count.
     */
    static int partitionOf(long eventId, int partitions) {
        return Utils.toPositive(Utils.murmur2(Topics.key(eventId).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The position of the command appended at {@code offset} to the partition of {@code eventId}. */
    Long ofOffset(long eventId, long offset) {
        try {
            Integer partition = partitionOf(eventId);
            return partition == null ? null : ahead(partition, offset);
        } catch (RuntimeException e) {
            return unknown(e);
        }
    }

    /** The position of a command of {@code eventId} submitted at {@code submittedAt}, estimated from the log. */
    public Long ofSubmission(long eventId, Instant submittedAt) {
        try {
            Integer partition = partitionOf(eventId);
            if (partition == null) {
                return null;
            }
            long bucketMillis = RequestIds.TICK.toMillis();
            Long offset = offsetAt(new Bucket(partition,
                    Math.floorDiv(submittedAt.toEpochMilli(), bucketMillis) * bucketMillis));
            return offset == null ? null : ahead(partition, offset);
        } catch (RuntimeException e) {
            return unknown(e);
        }
    }

    private Long ahead(int partition, long offset) {
        Map<TopicPartition, OffsetAndMetadata> committed = appliedOffsets();
        if (committed == null) {
            return null;
        }
        OffsetAndMetadata mine = committed.get(new TopicPartition(topic, partition));
        // a partition the workers never committed is read from its start (auto.offset.reset=earliest)
        return Math.max(0, offset - (mine == null ? 0 : mine.offset()));
    }

    private Integer partitionOf(long eventId) {
        int count = partitions;
        if (count > 0) {
            return partitionOf(eventId, count);
        }
        if (readingPartitions.compareAndSet(false, true)) {
            admin.describeTopics(List.of(topic)).allTopicNames().whenComplete((described, failure) -> {
                try {
                    if (failure == null && described.containsKey(topic)) {
                        partitions = described.get(topic).partitions().size();
                    } else {
                        log.debug("cannot describe {}: {}", topic, failure);
                    }
                } finally {
                    readingPartitions.set(false);
                }
            });
        }
        return null;
    }

    /** The first offset at or after the bucket's start, when known; otherwise null, and it is asked for. */
    private Long offsetAt(Bucket bucket) {
        synchronized (offsetsByTime) {
            Long known = offsetsByTime.get(bucket);
            if (known != null) {
                return known;
            }
        }
        if (lookingUp.size() < MAX_LOOKUPS_IN_FLIGHT && lookingUp.add(bucket)) {
            var partition = new TopicPartition(topic, bucket.partition());
            admin.listOffsets(Map.of(partition, OffsetSpec.forTimestamp(bucket.startMillis())),
                            new ListOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .partitionResult(partition).whenComplete((info, failure) -> {
                        try {
                            // an offset of -1: nothing appended at or after that time yet, so nothing to remember
                            if (failure == null && info.offset() >= 0) {
                                synchronized (offsetsByTime) {
                                    offsetsByTime.put(bucket, info.offset());
                                }
                            } else if (failure != null) {
                                log.debug("cannot list offsets of {}: {}", partition, failure.toString());
                            }
                        } finally {
                            lookingUp.remove(bucket);
                        }
                    });
        }
        return null;
    }

    /** The workers' committed offsets as last read (null before the first read); a stale copy is re-read. */
    private Map<TopicPartition, OffsetAndMetadata> appliedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> known = applied;
        if ((known == null || System.nanoTime() - appliedReadAt >= cacheNanos)
                && readingApplied.compareAndSet(false, true)) {
            admin.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .partitionsToOffsetAndMetadata().whenComplete((offsets, failure) -> {
                        if (failure == null) {
                            applied = offsets;
                        } else {
                            log.debug("cannot read the offsets of {}: {}", groupId, failure.toString());
                        }
                        // a failed read is not retried before the cache time either
                        appliedReadAt = System.nanoTime();
                        readingApplied.set(false);
                    });
        }
        return known;
    }

    private static Long unknown(RuntimeException e) {
        log.debug("position unknown: {}", e.toString());
        return null;
    }
}
