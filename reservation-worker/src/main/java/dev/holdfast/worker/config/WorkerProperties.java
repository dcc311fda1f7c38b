package dev.holdfast.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The reservation worker's settings ({@code holdfast.worker.*}; defaults in {@code reservation-worker.yml}). The
 * topics it reads and writes are {@link dev.holdfast.contracts.TopicNames}, shared with the other services.
 *
 * @param groupId           the consumer group shared by all worker instances
 * @param commandPartitions partitions of the command log when the worker creates it
 * @param replicationFactor replication factor of the topics the worker creates
 */
@ConfigurationProperties("holdfast.worker")
public record WorkerProperties(String groupId, int commandPartitions, short replicationFactor) {
}
