package dev.holdfast.worker.consume;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.worker.config.WorkerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics the worker creates when they do not exist. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic reservationCommands(TopicNames topics, WorkerProperties properties) {
        return TopicBuilder.name(topics.commands())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }

    @Bean
    NewTopic reservationCommandsDeadLetters(TopicNames topics, WorkerProperties properties) {
        return TopicBuilder.name(topics.deadLetters())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }

    @Bean
    NewTopic reservationEvents(TopicNames topics, WorkerProperties properties) {
        return TopicBuilder.name(topics.events())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }
}
