package dev.holdfast.worker.config;

import dev.holdfast.contracts.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param commandsTopic     the topic to consume (a benchmark points the worker at a topic of its own); its dead
 *                          letters go to the same name with {@code .DLT}
 * @param eventsTopic       the topic the outbox is published to
 * @param groupId           the consumer group shared by all worker instances
 * @param commandPartitions partitions of {@code reservation-commands} when the worker creates it
 * @param replicationFactor replication factor of the topics the worker creates
 */
@ConfigurationProperties("holdfast.worker")
public record WorkerProperties(String commandsTopic, String eventsTopic, String groupId, int commandPartitions, short replicationFactor) {

    public WorkerProperties {
        commandsTopic = commandsTopic == null ? Topics.RESERVATION_COMMANDS : commandsTopic;
        eventsTopic = eventsTopic == null ? Topics.RESERVATION_EVENTS : eventsTopic;
        groupId = groupId == null ? "reservation-worker" : groupId;
    }

    public String deadLetterTopic() {
        return Topics.deadLettersOf(commandsTopic);
    }
}
