package dev.holdfast.gateway;

import dev.holdfast.contracts.TopicLayout;
import dev.holdfast.contracts.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties({TopicNames.class, TopicLayout.class})
@EnableScheduling
public class GatewayApplication {

    /**
     * The application, reading its configuration from {@code api-gateway.yml}: every service has a file of its own, so
     * that several of them can share a classpath (as in the system tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        var application = new SpringApplication(GatewayApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "api-gateway"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
