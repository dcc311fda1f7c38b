package dev.holdfast.worker.consume;

import dev.holdfast.worker.config.WorkerProperties;
import dev.holdfast.contracts.command.MalformedCommandException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic reservationCommands(WorkerProperties properties) {
        return TopicBuilder.name(properties.commandsTopic())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }

    @Bean
    NewTopic reservationCommandsDeadLetters(WorkerProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }

    @Bean
    NewTopic reservationEvents(WorkerProperties properties) {
        return TopicBuilder.name(properties.eventsTopic())
                .partitions(properties.commandPartitions())
                .replicas(properties.replicationFactor())
                .build();
    }

    /**
     * A command that cannot be parsed goes to the dead-letter topic at once (the reason in its headers) and the
     * commands behind it go on; one that fails by itself is tried three more times first. A batch that fails as a
     * whole because PostgreSQL is away is retried with a growing pause and never dead-lettered: an accepted command
     * must not be lost to an outage.
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(KafkaOperations<Object, Object> kafka, WorkerProperties properties,
                                            UnappliedCommands unapplied, MeterRegistry meters) {
        var deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        Counter deadLettered = Counter.builder("holdfast.worker.commands.dead.lettered")
                .description("records set aside on the dead-letter topic (unreadable, or failing every time)")
                .register(meters);
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            deadLetters.accept(record, exception);
            deadLettered.increment();
            unapplied.reject(record, exception);
        };
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedCommandException.class);
        handler.setBackOffFunction((record, failure) ->
                CommandErrors.isTransient(failure) ? backOff : new FixedBackOff(500, 3));
        return handler;
    }
}
