package dev.holdfast.gateway.config;

import dev.holdfast.contracts.TopicDeclarations;
import dev.holdfast.contracts.TopicLayout;
import dev.holdfast.contracts.TopicNames;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import javax.sql.DataSource;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** A marker that the command log was checked at start. */
    record TopicsChecked() {
    }

    /**
     * The gateway never publishes into a topic auto-created with the broker's default partitions, nor into one whose
     * count differs from the layout's ({@link TopicDeclarations}).
     */
    @Bean
    TopicsChecked topicsChecked(KafkaAdmin kafkaAdmin, TopicNames names, TopicLayout layout) {
        TopicDeclarations.ensure(kafkaAdmin.getConfigurationProperties(), names, layout,
                TopicDeclarations.Use.COMMANDS);
        return new TopicsChecked();
    }

    @Bean(destroyMethod = "close")
    AdminClient kafkaHealthAdmin(KafkaAdmin admin) {
        return AdminClient.create(admin.getConfigurationProperties());
    }

    /**
     * Kafka is up for the gateway when the cluster answers a metadata request within two seconds; the answer is
     * reused for {@code holdfast.gateway.caches.health-checks}, so a flood of health requests makes no call each.
     */
    @Bean
    HealthIndicator kafkaHealthIndicator(AdminClient kafkaHealthAdmin, CacheProperties caches) {
        return new CachedHealthIndicator(new AbstractHealthIndicator("Kafka health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) throws Exception {
                String clusterId = kafkaHealthAdmin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                        .clusterId().get(2, TimeUnit.SECONDS);
                builder.up().withDetail("clusterId", clusterId);
            }
        }, caches.healthChecks());
    }

    /**
     * The database check, as Spring Boot's own (named {@code db}, which replaces it), its answer reused like
     * Kafka's.
     */
    @Bean
    HealthIndicator dbHealthIndicator(DataSource dataSource, CacheProperties caches) {
        return new CachedHealthIndicator(new DataSourceHealthIndicator(dataSource), caches.healthChecks());
    }
}
