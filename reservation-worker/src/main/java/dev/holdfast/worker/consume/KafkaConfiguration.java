package dev.holdfast.worker.consume;

import dev.holdfast.contracts.TopicDeclarations;
import dev.holdfast.contracts.TopicLayout;
import dev.holdfast.contracts.TopicNames;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The worker's topics: the command log, its dead letters and the reservation changes, created when missing and
 * checked against {@link TopicLayout} before the listeners start ({@link TopicDeclarations}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** A marker that the topics were checked; a bean, so that it happens while the context starts. */
    record TopicsChecked() {
    }

    @Bean
    TopicsChecked topicsChecked(KafkaAdmin kafkaAdmin, TopicNames names, TopicLayout layout) {
        TopicDeclarations.ensure(kafkaAdmin.getConfigurationProperties(), names, layout,
                TopicDeclarations.Use.ALL);
        return new TopicsChecked();
    }
}
