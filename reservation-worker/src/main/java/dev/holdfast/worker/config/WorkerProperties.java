package dev.holdfast.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The reservation worker's settings ({@code holdfast.worker.*}; defaults in {@code reservation-worker.yml}). The
 * topics it reads and writes are {@link dev.holdfast.contracts.TopicNames}, shared with the other services.
 *
 * @param groupId             the consumer group shared by all worker instances
 * @param seatMapCacheEvents  how many events' seat maps the worker keeps between batches (0 reads them every batch)
 */
@ConfigurationProperties("holdfast.worker")
public record WorkerProperties(String groupId, int seatMapCacheEvents) {
}
