package dev.holdfast.worker.consume;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.MalformedCommandException;
import dev.holdfast.worker.apply.CommandBatchApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.net.ConnectException;
import java.sql.SQLTransientException;

/**
 * What happens to a command that fails, in one place. {@link CommandListener} names the failing record to the error
 * handler every time (see its {@code apply}); this decides, per record:
 * <ul>
 *     <li>a record that cannot be parsed goes to the dead-letter topic at once, and the commands behind it go on;</li>
 *     <li>a failure that passes ({@link #isTransient}: PostgreSQL away, a deadlock) is retried with a growing pause,
 *     without end: an accepted command must not be lost to an outage;</li>
 *     <li>a failure the command causes every time is retried three times, then the command goes to the dead-letter
 *     topic and its request is recorded {@code rejected} ({@code internal_error}), so that its client, who was told
 *     202, does not read {@code pending} forever.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class CommandFailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(CommandFailurePolicy.class);
    private static final String REJECTION_DETAIL = "the command could not be applied and was set aside for the operators";

    /** A failure that passes: retried without end. */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /** A failure the command causes every time: retried a few times, then dead-lettered. */
    static final class PermanentFailure extends RuntimeException {
        PermanentFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * The failure wrapped in its class, {@link TransientFailure} or {@link PermanentFailure}: the error handler keeps a
     * record's retry state only while the failure's class stays the same, so a command that first met an outage and
     * then fails by itself (or the reverse) starts counting afresh under the right back-off.
     */
    static RuntimeException classified(Throwable failure) {
        return isTransient(failure) ? new TransientFailure(failure) : new PermanentFailure(failure);
    }

    /** Tells failures that pass (the database away, a deadlock) from failures that a command causes every time. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientFailure) {
                return true;
            }
            if (cause instanceof PermanentFailure) {
                return false;
            }
            if (cause instanceof TransientDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof PessimisticLockingFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException
                    || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    DefaultErrorHandler commandErrorHandler(KafkaOperations<Object, Object> kafka, TopicNames topics,
                                            CommandBatchApplier applier, MeterRegistry meters) {
        var deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(topics.deadLetters(), -1));
        Counter deadLettered = Counter.builder("holdfast.worker.commands.dead.lettered")
                .description("records set aside on the dead-letter topic (unreadable, or failing every time)")
                .register(meters);
        var handler = new DefaultErrorHandler((record, exception) -> {
            if (isTransient(exception)) {
                // never set a command aside for an outage: throwing keeps the record, to be tried again
                throw new IllegalStateException("not dead-lettering " + record.topic() + "-" + record.partition()
                        + "@" + record.offset() + " for a failure that passes", exception);
            }
            deadLetters.accept(record, exception);
            deadLettered.increment();
            reject(record, applier);
        }, untilItPasses());
        handler.addNotRetryableExceptions(MalformedCommandException.class);
        BackOff fewTimes = new FixedBackOff(500, 3);
        BackOff withoutEnd = untilItPasses();
        handler.setBackOffFunction((record, failure) -> isTransient(failure) ? withoutEnd : fewTimes);
        return handler;
    }

    private static BackOff untilItPasses() {
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    /** Records the dead-lettered command's request as rejected; a record that is no command has no request. */
    private static void reject(ConsumerRecord<?, ?> record, CommandBatchApplier applier) {
        Command command;
        try {
            command = CommandCodec.decode((byte[]) record.value());
        } catch (MalformedCommandException | ClassCastException notACommand) {
            return;
        }
        try {
            applier.rejectUnapplied(command, REJECTION_DETAIL);
        } catch (RuntimeException e) {
            log.error("could not record the rejection of dead-lettered request {}", command.requestId(), e);
        }
    }
}
