package dev.holdfast.expiry;

import dev.holdfast.contracts.TopicDeclarations;
import dev.holdfast.contracts.TopicLayout;
import dev.holdfast.contracts.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties({TopicNames.class, TopicLayout.class})
@EnableScheduling
public class ExpiryWorkerApplication {

    /**
     * The application, reading its configuration from {@code expiry-worker.yml}: every service has a file of its own, so
     * that several of them can share a classpath (as in the system tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        var application = new SpringApplication(ExpiryWorkerApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "expiry-worker"));
        return application;
    }

    /** A marker that the command log was checked at start ({@link TopicDeclarations}). */
    record TopicsChecked() {
    }

    @Bean
    TopicsChecked topicsChecked(KafkaAdmin kafkaAdmin, TopicNames names, TopicLayout layout) {
        TopicDeclarations.ensure(kafkaAdmin.getConfigurationProperties(), names, layout,
                TopicDeclarations.Use.COMMANDS);
        return new TopicsChecked();
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
