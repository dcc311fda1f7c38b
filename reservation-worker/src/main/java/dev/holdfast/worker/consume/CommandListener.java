package dev.holdfast.worker.consume;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.MalformedCommandException;
import dev.holdfast.worker.apply.CommandBatchApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Receives each poll of {@code reservation-commands} as one batch and applies it in one transaction; the applier's
 * after-commit hook has the outbox relayed. The container commits the offsets after this method returns, that is
 * after the database commit (ARCHITECTURE.md, invariant 4).
 *
 * <p>Failures: a record that cannot be parsed is dead-lettered at once. When a whole batch fails and the cause is
 * not the database being away ({@link CommandFailurePolicy#isTransient}), the batch is applied again one command per
 * transaction, so that the one command that fails is named to the error handler (retried a few times, then
 * dead-lettered) and the commands around it are applied.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final CommandBatchApplier applier;
    private final DistributionSummary batchSize;
    private final Timer applyTime;
    private final Counter applied;
    private final Timer fetchStage;
    private final Timer decodeStage;
    /** When this consumer thread last handed a batch back to the container, to time the wait for the next one. */
    private final ThreadLocal<Long> returnedAt = new ThreadLocal<>();

    CommandListener(CommandBatchApplier applier, MeterRegistry meters) {
        this.applier = applier;
        this.batchSize = DistributionSummary.builder("holdfast.worker.batch.size")
                .description("commands per polled batch").register(meters);
        this.applyTime = Timer.builder("holdfast.worker.batch.apply")
                .description("time to apply and commit one batch").register(meters);
        this.applied = Counter.builder("holdfast.worker.commands.applied")
                .description("commands applied (not counting redeliveries)").register(meters);
        this.fetchStage = CommandBatchApplier.stage(meters, "fetch",
                "from handing a batch back (offsets committed next) to receiving the next poll's records");
        this.decodeStage = CommandBatchApplier.stage(meters, "decode", "parse the batch's records");
    }

    /** The listener's id is the consumer group ({@code WorkerProperties.groupId}); the topic is {@code TopicNames}'. */
    @KafkaListener(id = "${holdfast.worker.group-id}", topics = "${holdfast.topics.commands}", batch = "true")
    void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        long received = System.nanoTime();
        Long previous = returnedAt.get();
        if (previous != null) {
            fetchStage.record(received - previous, TimeUnit.NANOSECONDS);
        }
        try {
            handle(records, received);
        } finally {
            returnedAt.set(System.nanoTime());
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> records, long received) {
        batchSize.record(records.size());
        List<Command> commands = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            try {
                commands.add(CommandCodec.decode(records.get(index).value()));
            } catch (MalformedCommandException malformed) {
                // apply what came before it, then let the error handler dead-letter it and go on behind it
                apply(commands);
                throw new BatchListenerFailedException(malformed.getMessage(), malformed, index);
            }
        }
        decodeStage.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
        apply(commands);
    }

    /**
     * Applies the commands, which are the polled records up to the first one that could not be parsed. Every failure
     * leaves as a {@link BatchListenerFailedException} naming the record it concerns, so that the error handler
     * makes one decision per record ({@link CommandFailurePolicy}): a transient failure (the
     * database away) is retried without end, a permanent one a few times, then dead-lettered.
     */
    private void apply(List<Command> commands) {
        if (commands.isEmpty()) {
            return;
        }
        try {
            applied.increment(applyTime.record(() -> applier.apply(commands)));
        } catch (RuntimeException failure) {
            if (CommandFailurePolicy.isTransient(failure)) {
                // the database is away: the whole batch waits and is tried again
                throw new BatchListenerFailedException(failure.toString(), CommandFailurePolicy.classified(failure), 0);
            }
            log.warn("a batch of {} commands failed ({}); applying them one by one to find the cause",
                    commands.size(), failure.toString());
            for (int i = 0; i < commands.size(); i++) {
                try {
                    applied.increment(applier.apply(List.of(commands.get(i))));
                } catch (RuntimeException single) {
                    throw new BatchListenerFailedException(single.toString(), CommandFailurePolicy.classified(single),
                            i);
                }
            }
        }
    }
}
