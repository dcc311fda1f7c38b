package dev.holdfast.contracts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Holdfast's topics are laid out ({@code holdfast.topics.*} in {@code holdfast-shared.yml}), one setting for every
 * service, checked by {@link TopicDeclarations} at start.
 *
 * @param commandPartitions partitions of the command log (and of its dead-letter topic, which the recoverer fills
 *                          partition for partition). Fixed for the life of the topic: the partition of an event is
 *                          its key's hash modulo this count, so changing it moves events between partitions and
 *                          breaks "one writer per event" (ARCHITECTURE.md, invariant 1) in the middle of a sale
 * @param eventPartitions   partitions of {@code reservation-events}, fixed for the same reason: downstream consumers
 *                          rely on an event's changes staying in one partition, in order
 * @param replicationFactor replicas of each topic when a service creates it
 */
@ConfigurationProperties("holdfast.topics")
public record TopicLayout(int commandPartitions, int eventPartitions, short replicationFactor) {
}
