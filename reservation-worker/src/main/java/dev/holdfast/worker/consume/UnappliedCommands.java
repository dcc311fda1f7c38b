package dev.holdfast.worker.consume;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandCodec;
import dev.holdfast.contracts.command.MalformedCommandException;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.contracts.command.UserCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;

/**
 * Gives a command that was dead-lettered a final outcome, so that its client, who was told 202, learns that it was
 * rejected ({@code internal_error}) instead of seeing {@code pending} forever. Records that are not a command at all
 * carry no request id anybody waits for; they only go to the dead-letter topic.
 */
@Component
class UnappliedCommands {

    private static final Logger log = LoggerFactory.getLogger(UnappliedCommands.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    UnappliedCommands(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    void reject(ConsumerRecord<?, ?> record, Exception failure) {
        Command command;
        try {
            command = CommandCodec.decode((byte[]) record.value());
        } catch (MalformedCommandException | ClassCastException notACommand) {
            return;
        }
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.update("""
                                insert into requests (id, type, event_id, user_id, reservation_id, status, problem_code,
                                                      problem_detail, fingerprint, submitted_at, completed_at)
                                values (?, ?, ?, ?, ?, 'rejected', ?, ?, ?, ?, now())
                                on conflict (id) do nothing""",
                        command.requestId(), command.commandType().wireName(), command.eventId(),
                        command instanceof UserCommand byUser ? byUser.userId() : null,
                        command instanceof ReservationCommand named ? named.reservationId() : null,
                        Rejection.INTERNAL_ERROR.code(),
                        "the command could not be applied and was set aside for the operators", command.fingerprint(),
                        Timestamp.from(command.submittedAt()));
                jdbc.queryForList("select pg_notify(?, ?)", OutcomeChannel.NAME, command.requestId().toString());
            });
        } catch (RuntimeException e) {
            log.error("could not record the rejection of dead-lettered request {}", command.requestId(), e);
        }
    }
}
