package dev.holdfast.gateway.command;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The command log as the gateway writes it: {@code reservation-commands} behind a circuit breaker.
 *
 * <p>A failed append must mean "not appended", since the client is then told 503 and may retry without an
 * Idempotency-Key. So the gateway waits for the producer's own verdict: the producer gives up on a record after
 * {@code delivery.timeout.ms} and does not send it again after that, and only then is the append
 * {@link Unavailable}. {@code commandLogAckTimeout} is only an outer bound, set past {@code delivery.timeout.ms}
 * (checked at start); should it ever fire, the outcome is unknown and the answer says where to look. What remains
 * is the window no producer can close: a broker that appended the record but whose acknowledgement was lost.
 *
 * <p>Every failure counts against the breaker. After a few, it opens and appends fail at once, without waiting on
 * the producer's timeouts; a few trial appends a second later close it again once the broker is back. While it is
 * open, the gateway's health is DOWN.
 *
 * <p>It counts what it appended ({@code holdfast.gateway.commands.published}, by type) and what it did not
 * ({@code holdfast.gateway.commands.refused}, code {@code unavailable}).
 */
@Component
class CommandLog implements HealthIndicator {

    /**
     * The log did not take the command: it refused it before taking it, or the producer gave up on it. As far as
     * the gateway can know it was not appended, and a retry is safe.
     */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CommandLog.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final CircuitBreaker breaker;
    private final long ackTimeoutMillis;
    private final Map<CommandType, Counter> published = new EnumMap<>(CommandType.class);
    private final Counter refused;

    CommandLog(KafkaTemplate<String, byte[]> kafka, TopicNames topics, GatewayProperties properties,
               MeterRegistry meters) {
        this.topic = topics.commands();
        this.kafka = kafka;
        this.ackTimeoutMillis = properties.commandLogAckTimeout().toMillis();
        requireOuterBound(kafka, ackTimeoutMillis);
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
        for (CommandType type : CommandType.values()) {
            published.put(type, meters.counter("holdfast.gateway.commands.published", "type", type.wireName()));
        }
        this.refused = meters.counter("holdfast.gateway.commands.refused", "code", "unavailable");
    }

    /**
     * Appends the command, keyed by its event.
     *
     * @return its offset once Kafka acknowledged it (acks=all); fails with {@link Unavailable} when the breaker is
     * open, the producer cannot even queue it, or the producer gave up on it, and with {@link TimeoutException} when
     * not even the producer's verdict came within {@code commandLogAckTimeout}: then the command may or may not be
     * in the log
     */
    CompletableFuture<RecordMetadata> append(Command command) {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException open) {
            return refused(command, new Unavailable("the command log is unavailable", open));
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
            return refused(command, new Unavailable("the command log cannot take the request now", failure));
        }
        return acknowledged
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        new Unavailable("the command log did not take the request", failure)))
                .orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete((metadata, failure) -> {
                    long took = System.nanoTime() - started;
                    if (failure == null) {
                        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                        published.get(command.commandType()).increment();
                    } else {
                        breaker.onError(took, TimeUnit.NANOSECONDS, failure);
                        countRefused(command, failure);
                    }
                });
    }

    private CompletableFuture<RecordMetadata> refused(Command command, Unavailable failure) {
        countRefused(command, failure);
        return CompletableFuture.failedFuture(failure);
    }

    private void countRefused(Command command, Throwable failure) {
        log.warn("cannot append {} to the command log: {}", command.requestId(), failure.getMessage());
        refused.increment();
    }

    /**
     * A 503 after the gateway's own timer would not mean "not appended" if the producer could still deliver the
     * record then; so the timer must run past the producer's {@code delivery.timeout.ms}.
     */
    private static void requireOuterBound(KafkaTemplate<String, byte[]> kafka, long ackTimeoutMillis) {
        ProducerFactory<String, byte[]> producers = kafka.getProducerFactory();
        Object configured = producers == null ? null
                : producers.getConfigurationProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        if (configured == null) {
            return;
        }
        long deliveryTimeoutMillis = Long.parseLong(configured.toString());
        if (ackTimeoutMillis <= deliveryTimeoutMillis) {
            throw new IllegalStateException(("holdfast.gateway.command-log-ack-timeout (%d ms) must be longer than the "
                    + "producer's delivery.timeout.ms (%d ms): a 503 must come after the producer gave up, or the "
                    + "command may still be appended").formatted(ackTimeoutMillis, deliveryTimeoutMillis));
        }
    }

    @Override
    public Health health() {
        return breaker.getState() == CircuitBreaker.State.OPEN
                ? Health.down().withDetail("circuitBreaker", "open: the command log failed lately").build()
                : Health.up().withDetail("circuitBreaker", breaker.getState().name().toLowerCase()).build();
    }
}
