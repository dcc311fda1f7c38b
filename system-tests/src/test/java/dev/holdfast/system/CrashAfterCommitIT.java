package dev.holdfast.system;

import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationChangeCodec;
import dev.holdfast.system.Api.User;
import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import dev.holdfast.worker.outbox.OutboxRelay;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that dies after its database commit and before publishing loses no reservation change: its successor
 * receives the uncommitted batch again, finds it applied, and publishes the outbox it left behind.
 */
class CrashAfterCommitIT {

    /** Test-only fault: every hand-over to the relay fails, as if the process died right after the commit. */
    static final AtomicInteger crashes = new AtomicInteger();

    @Configuration(proxyBeanMethods = false)
    static class DiesAfterCommit {
        @Bean
        static BeanPostProcessor crashInsteadOfRelaying() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof OutboxRelay)) {
                        return bean;
                    }
                    var proxy = new ProxyFactory(bean);
                    proxy.setProxyTargetClass(true);
                    proxy.addAdvice((MethodInterceptor) call -> {
                        if (call.getMethod().getName().equals("relayAfterCommit")) {
                            crashes.incrementAndGet();
                            throw new IllegalStateException("simulated crash between the database commit and the publish");
                        }
                        return call.proceed();
                    });
                    return proxy.getProxy();
                }
            };
        }
    }

    private final Api api = HoldfastStack.shared().api;

    @Test
    void noReservationEventIsLostWhenTheWorkerDiesBetweenCommitAndPublish() throws Exception {
        String topic = "crash-commands-" + UUID.randomUUID();
        try (var admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        long eventId = api.newEvent("{\"name\":\"Crash\",\"capacity\":50}");
        User ana = api.newUser();
        try (var producer = KafkaClients.producer()) {
            for (int i = 0; i < 30; i++) {
                var reserve = new ReserveCommand(UUID.randomUUID(), eventId, ana.id(), "general", 1, Instant.now());
                producer.send(new ProducerRecord<>(topic, Long.toString(eventId), CommandCodec.encode(reserve))).get();
            }
        }

        // Given a worker that commits its batches but dies before it publishes their events
        ConfigurableApplicationContext doomed = worker(topic, true);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.event(eventId).get("held").asInt() == 30
                    && crashes.get() > 0);
        } finally {
            doomed.close();
        }
        assertThat(sequencesPublished(eventId)).isEmpty();

        // When a healthy worker takes over the same partition
        ConfigurableApplicationContext successor = worker(topic, false);
        try {
            // Then every change committed before the crash is published
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sequencesPublished(eventId))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList()));
        } finally {
            successor.close();
        }
        assertThat(api.event(eventId).get("held").asInt()).isEqualTo(30);
    }

    private static ConfigurableApplicationContext worker(String topic, boolean diesAfterCommit) {
        var database = TestInfrastructure.database();
        var application = ReservationWorkerApplication.application();
        if (diesAfterCommit) {
            application.addPrimarySources(List.of(DiesAfterCommit.class));
        }
        return application.run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--spring.kafka.listener.concurrency=1",
                "--holdfast.topics.commands=" + topic,
                "--holdfast.worker.group-id=" + topic,
                "--holdfast.topics.command-partitions=1",
                // no sweeper: the successor must find the rows by itself, as the relay of a redelivered batch
                "--holdfast.outbox.sweep-interval=1h",
                "--server.port=0",
                "--spring.main.banner-mode=off");
    }

    private static Set<Long> sequencesPublished(long eventId) {
        Set<Long> sequences = new TreeSet<>();
        KafkaClients.readAll(dev.holdfast.contracts.Topics.RESERVATION_EVENTS).stream()
                .filter(record -> record.key().equals(Long.toString(eventId)))
                .map(record -> ReservationChangeCodec.decode(record.value()))
                .map(ReservationChange::sequence)
                .forEach(sequences::add);
        return sequences;
    }
}
