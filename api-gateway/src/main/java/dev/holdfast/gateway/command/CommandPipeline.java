package dev.holdfast.gateway.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The submit path of every command, and the one call a controller makes for one: admit it ({@link CommandAdmission}:
 * rate limit, Idempotency-Key, request id), append it to the log ({@link CommandLog}) and answer
 * ({@link CommandAnswers}). It does no database write; it answers 202 only once Kafka has durably taken the command
 * (acks=all), and with {@code Prefer: wait} it holds the answer, without holding a servlet thread
 * ({@link OutcomeWaiters}), until the outcome is committed or the wait is over. The answer is written by a
 * {@link CommandResponse}, from whichever thread learns it.
 */
@Component
public class CommandPipeline {

    /**
     * How a feature answers the success of its command: status, {@code Location} and body, from the settled request.
     * The pipeline adds {@code Request-Id} and {@code Preference-Applied}; rejections it answers itself.
     */
    @FunctionalInterface
    public interface Success {
        ResponseEntity<?> answer(RequestDocument outcome);
    }

    /** A feature's command, made with the request id and submission time the pipeline issued for it. */
    @FunctionalInterface
    public interface NewCommand {
        Command with(UUID requestId, Instant submittedAt);
    }

    private final CommandAdmission admission;
    private final CommandLog commandLog;
    private final OutcomeWaiters waiters;
    private final CommandAnswers answers;
    private final ObjectWriter json;

    CommandPipeline(CommandAdmission admission, CommandLog commandLog, OutcomeWaiters waiters, CommandAnswers answers,
                    ObjectMapper mapper) {
        this.admission = admission;
        this.commandLog = commandLog;
        this.waiters = waiters;
        this.answers = answers;
        this.json = mapper.writer();
    }

    /**
     * Submits a command of {@code type} for {@code eventId} and answers the request {@code options} came with: 202,
     * or the outcome itself when the client prefers to wait.
     *
     * @throws ApiException before anything is appended: 429 past the caller's rate, 422 for an Idempotency-Key that
     *                      is invalid or was first used for another request
     */
    public void submit(Caller caller, CommandOptions options, CommandType type, long eventId, NewCommand newCommand,
                       Success success) {
        Command command = admission.admit(caller, options.idempotencyKey(), type, eventId, newCommand);
        RequestDocument settled = admission.settledRetry(command, options.idempotencyKey());
        Duration wait = options.preferredWait();
        CommandResponse response = options.response(json);
        if (settled != null) {
            response.send(() -> answers.settled(settled, wait, success));
            return;
        }
        response.defer(wait.plusSeconds(30), () -> answers.accepted(command));
        // wait before appending, so that the notification of the batch that applies it cannot come too early
        CompletableFuture<Optional<RequestDocument>> outcome = wait.isZero() ? null
                : waiters.await(command.requestId(), wait);
        commandLog.append(command).whenComplete((appended, failure) -> {
            if (failure != null) {
                if (outcome != null) {
                    outcome.cancel(false);
                }
                response.send(() -> answers.unavailable(command.requestId(), failure));
            } else if (outcome == null) {
                response.send(() -> answers.appended(command, appended.offset()));
            } else {
                outcome.thenAccept(known -> response.send(() -> answers.waited(known, command, wait, success)));
            }
        });
    }
}
