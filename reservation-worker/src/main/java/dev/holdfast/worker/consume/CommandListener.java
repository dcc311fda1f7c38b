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
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Receives each poll of {@code reservation-commands} as one batch and applies it in one transaction. The container
 * commits the offsets after this method returns, that is after the database commit (DESIGN rule 4).
 */
@Component
class CommandListener {

    private final CommandBatchApplier applier;
    private final WorkerProperties properties;
    private final DistributionSummary batchSize;
    private final Timer applyTime;
    private final Counter applied;

    CommandListener(CommandBatchApplier applier, WorkerProperties properties, MeterRegistry meters) {
        this.applier = applier;
        this.properties = properties;
        this.batchSize = DistributionSummary.builder("holdfast.worker.batch.size")
                .description("commands per polled batch").register(meters);
        this.applyTime = Timer.builder("holdfast.worker.batch.apply")
                .description("time to apply and commit one batch").register(meters);
        this.applied = Counter.builder("holdfast.worker.commands.applied")
                .description("commands applied (not counting redeliveries)").register(meters);
    }

    @KafkaListener(id = "#{__listener.groupId()}", topics = "#{__listener.commandsTopic()}", batch = "true")
    void onCommands(List<ConsumerRecord<String, byte[]>> records) {
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
        apply(commands);
    }

    public String groupId() {
        return properties.groupId();
    }

    public String commandsTopic() {
        return properties.commandsTopic();
    }

    private void apply(List<Command> commands) {
        int count = applyTime.record(() -> applier.apply(commands));
        applied.increment(count);
    }
}
