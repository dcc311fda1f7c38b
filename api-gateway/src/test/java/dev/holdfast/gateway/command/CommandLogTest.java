package dev.holdfast.gateway.command;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A 503 from the command log means "not appended" as far as the gateway can know: it waits for the producer's verdict. */
class CommandLogTest {

    /** A producer that the template may "close" after each send, as it does with a factory's shared producer. */
    static final class Producing extends MockProducer<String, byte[]> {
        Producing() {
            super(false, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    private final Producing producer = new Producing();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private CommandLog commandLog(Duration ackTimeout, Map<String, Object> producerConfig) {
        var properties = mock(GatewayProperties.class);
        when(properties.commandLogAckTimeout()).thenReturn(ackTimeout);
        ProducerFactory<String, byte[]> factory = new ProducerFactory<>() {
            @Override
            public Producer<String, byte[]> createProducer() {
                return producer;
            }

            @Override
            public Map<String, Object> getConfigurationProperties() {
                return producerConfig;
            }
        };
        return new CommandLog(new KafkaTemplate<>(factory), new TopicNames("reservation-commands", "reservation-events"),
                properties, meters);
    }

    private static ReserveCommand reserve() {
        return new ReserveCommand(UUID.randomUUID(), 42, 7, "general", 1, Instant.now());
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        var failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> future.get(5, TimeUnit.SECONDS));
        assertThat(failure).as("the append failed").isNotNull();
        return failure.getCause();
    }

    @Test
    void anAppendTheProducerGaveUpOnFailsAsNotAppended() {
        var log = commandLog(Duration.ofSeconds(5), Map.of("delivery.timeout.ms", 2000));
        CompletableFuture<RecordMetadata> append = log.append(reserve());

        producer.errorNext(new TimeoutException("Expiring 1 record(s): 2000 ms has passed since batch creation"));

        assertThat(failureOf(append)).isInstanceOf(CommandLog.Unavailable.class);
    }

    @Test
    void whatTheLogTookIsCountedAsPublishedByTypeAndWhatItDidNotAsRefused() throws Exception {
        var log = commandLog(Duration.ofSeconds(5), Map.of("delivery.timeout.ms", 2000));
        CompletableFuture<RecordMetadata> taken = log.append(reserve());
        producer.completeNext();
        taken.get(5, TimeUnit.SECONDS);
        CompletableFuture<RecordMetadata> lost = log.append(reserve());
        producer.errorNext(new TimeoutException("Expiring 1 record(s): 2000 ms has passed since batch creation"));
        failureOf(lost);

        assertThat(meters.get("holdfast.gateway.commands.published").tag("type", "reserve").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("holdfast.gateway.commands.published").tag("type", "purchase").counter().count())
                .as("registered once, up front").isZero();
        assertThat(meters.get("holdfast.gateway.commands.refused").tag("code", "unavailable").counter().count())
                .isEqualTo(1);
    }

    @Test
    void theGatewayWaitsForTheProducersVerdictNotForAShorterTimer() throws Exception {
        var log = commandLog(Duration.ofSeconds(5), Map.of("delivery.timeout.ms", 2000));
        CompletableFuture<RecordMetadata> append = log.append(reserve());

        assertThat(append).isNotDone();
        producer.completeNext();

        assertThat(append.get(5, TimeUnit.SECONDS).topic()).isEqualTo("reservation-commands");
    }

    @Test
    void noVerdictWithinTheOuterBoundIsAnUnknownOutcomeNotANotAppended() {
        var log = commandLog(Duration.ofMillis(50), Map.of());
        CompletableFuture<RecordMetadata> append = log.append(reserve());

        assertThat(failureOf(append)).isInstanceOf(java.util.concurrent.TimeoutException.class)
                .isNotInstanceOf(CommandLog.Unavailable.class);
    }

    @Test
    void anAckTimeoutThatIsNotPastTheProducersDeliveryTimeoutRefusesToStart() {
        assertThatThrownBy(() -> commandLog(Duration.ofMillis(800), Map.of("delivery.timeout.ms", "6000")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delivery.timeout.ms");
        assertThatThrownBy(() -> commandLog(Duration.ofMillis(2000), Map.of("delivery.timeout.ms", 2000)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theShippedTimeoutsLetTheProducerGiveUpBeforeTheGatewayAnswers() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("api-gateway.yml"));
        Properties config = yaml.getObject();
        String producer = "spring.kafka.producer.properties.";
        long linger = Long.parseLong(config.getProperty(producer + "linger.ms"));
        long request = Long.parseLong(config.getProperty(producer + "request.timeout.ms"));
        long delivery = Long.parseLong(config.getProperty(producer + "delivery.timeout.ms"));
        Duration ackTimeout = DurationStyle.detectAndParse(config.getProperty("holdfast.gateway.command-log-ack-timeout"));

        assertThat(delivery).as("Kafka's own constraint").isGreaterThanOrEqualTo(linger + request);
        assertThat(ackTimeout.toMillis()).as("the gateway's timer is only an outer bound").isGreaterThan(delivery);
        commandLog(ackTimeout, Map.of("delivery.timeout.ms", delivery));
    }
}
