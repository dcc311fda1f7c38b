package dev.holdfast.worker.consume;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.MalformedCommandException;
import dev.holdfast.worker.apply.CommandBatchApplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a command that was dead-lettered a final outcome, so that its client, who was told 202, learns that it was
 * rejected ({@code internal_error}) instead of seeing {@code pending} forever. Records that are not a command at all
 * carry no request id anybody waits for; they only go to the dead-letter topic.
 */
@Component
class UnappliedCommands {

    private static final Logger log = LoggerFactory.getLogger(UnappliedCommands.class);

    private final CommandBatchApplier applier;

    UnappliedCommands(CommandBatchApplier applier) {
        this.applier = applier;
    }

    void reject(ConsumerRecord<?, ?> record, Exception failure) {
        Command command;
        try {
            command = CommandCodec.decode((byte[]) record.value());
        } catch (MalformedCommandException | ClassCastException notACommand) {
            return;
        }
        try {
            applier.rejectUnapplied(command, "the command could not be applied and was set aside for the operators");
        } catch (RuntimeException e) {
            log.error("could not record the rejection of dead-lettered request {}", command.requestId(), e);
        }
    }
}
