package dev.holdfast.gateway.request;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The command log as the gateway writes it: {@code reservation-commands} behind a circuit breaker. An append that
 * Kafka does not acknowledge within {@code commandLogAckTimeout} fails (its outcome is then unknown: the producer
 * may still deliver it, and the request id says where to look), and counts as a failure. After a few failures the
 * breaker opens and appends fail at once, without waiting on the producer's timeouts; a few trial appends a second
 * later close it again once the broker is back. While it is open, the gateway's health is DOWN.
 */
@Component
class CommandLog implements HealthIndicator {

    /** The log refused the command before taking it: it was not appended, and a retry is safe. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final CircuitBreaker breaker;
    private final long ackTimeoutMillis;

    CommandLog(KafkaTemplate<String, byte[]> kafka, TopicNames topics, GatewayProperties properties,
               MeterRegistry meters) {
        this.topic = topics.commands();
        this.kafka = kafka;
        this.ackTimeoutMillis = properties.commandLogAckTimeout().toMillis();
        this.breaker = CircuitBreaker.of("command-log", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(2)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(Exception.class)
                .build());
        Gauge.builder("holdfast.gateway.command.log.open", breaker,
                        b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the circuit breaker of the command log refuses appends").register(meters);
    }

    /**
     * Appends the command, keyed by its event.
     *
     * @return its offset once Kafka acknowledged it (acks=all); fails with {@link Unavailable} when the breaker is
     * open or the producer cannot even queue it, and with {@link TimeoutException} or Kafka's own exception when the
     * acknowledgement does not come: then the command may or may not be in the log
     */
    CompletableFuture<RecordMetadata> append(Command command) {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException open) {
            return CompletableFuture.failedFuture(new Unavailable("the command log is unavailable", open));
        }
        long started = System.nanoTime();
        var record = new ProducerRecord<>(topic, Topics.key(command.eventId()),
                CommandCodec.encode(command));
        CompletableFuture<RecordMetadata> acknowledged;
        try {
            acknowledged = kafka.send(record).thenApply(result -> result.getRecordMetadata());
        } catch (RuntimeException failure) {
            // no metadata for the topic within max.block.ms: nothing was queued
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            return CompletableFuture.failedFuture(new Unavailable("the command log cannot take the request now",
                    failure));
        }
        return acknowledged.orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((metadata, failure) -> {
            long took = System.nanoTime() - started;
            if (failure == null) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, failure);
            }
        });
    }

    @Override
    public Health health() {
        return breaker.getState() == CircuitBreaker.State.OPEN
                ? Health.down().withDetail("circuitBreaker", "open: the command log failed lately").build()
                : Health.up().withDetail("circuitBreaker", breaker.getState().name().toLowerCase()).build();
    }
}
