package dev.holdfast.gateway.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The submit path of every command, and the one call a controller makes for one: admit it ({@link CommandAdmission}:
 * rate limit, Idempotency-Key, request id), append it to the log ({@link CommandLog}) and answer
 * ({@link CommandAnswers}). It does no database write; it answers 202 only once Kafka has durably taken the command
 * (acks=all), and with {@code Prefer: wait} it holds the answer, without holding a servlet thread
 * ({@link OutcomeWaiters}), until the outcome is committed or the wait is over. The answer is written by a
 * {@link CommandResponse}, from whichever thread learns it.
 *
 * <p>It times the gateway's stages of a command's cycle ({@code holdfast.gateway.stage}), one sample per command:
 * {@code admit} (from this entry, the caller authenticated and the body valid, to handing the command to the log) for
 * every command handed to it, {@code append} (from there to the broker's acknowledgement) for every command it took,
 * and for one answered with its outcome under {@code Prefer: wait}, {@code wait} (from the acknowledgement to the
 * arrival of the notification that named the outcome: the worker's whole cycle) and {@code answer} (from the waiter
 * completed to the response written). {@link OutcomeWaiters} times what lies between the last two, per fetch
 * ({@code outcome-read}).
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
    private final Timer admitStage;
    private final Timer appendStage;
    private final Timer waitStage;
    private final Timer answerStage;

    CommandPipeline(CommandAdmission admission, CommandLog commandLog, OutcomeWaiters waiters, CommandAnswers answers,
                    ObjectMapper mapper, MeterRegistry meters) {
        this.admission = admission;
        this.commandLog = commandLog;
        this.waiters = waiters;
        this.answers = answers;
        this.json = mapper.writer();
        this.admitStage = stage(meters, "admit", "from the pipeline's entry (caller authenticated, body valid) to "
                + "handing the command to the log: rate limit, Idempotency-Key, request id, the wait registered");
        this.appendStage = stage(meters, "append", "from handing the command to the log to the broker's "
                + "acknowledgement (acks=all)");
        this.waitStage = stage(meters, "wait", "from the broker's acknowledgement to the arrival of the notification "
                + "that names the outcome: the worker's whole cycle");
        this.answerStage = stage(meters, "answer", "from the waiter completed with the outcome to the response "
                + "written");
    }

    /**
     * One stage of a command's cycle through the gateway. From 10 µs (admitting a command takes tens of them) to the
     * longest wait.
     */
    static Timer stage(MeterRegistry meters, String stage, String description) {
        return Timer.builder("holdfast.gateway.stage").tag("stage", stage)
                .description("one stage of a command's cycle through the gateway: " + description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(OutcomeWaiters.MAX_WAIT_SECONDS))
                .register(meters);
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
        long entered = System.nanoTime();
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
        OutcomeWaiters.Waiter outcome = wait.isZero() ? null : waiters.register(command.requestId(), wait);
        long handed = System.nanoTime();
        admitStage.record(handed - entered, TimeUnit.NANOSECONDS);
        commandLog.append(command).whenComplete((appended, failure) -> {
            if (failure != null) {
                if (outcome != null) {
                    outcome.cancel(false);
                }
                response.send(() -> answers.unavailable(command.requestId(), failure));
                return;
            }
            long acknowledged = System.nanoTime();
            appendStage.record(acknowledged - handed, TimeUnit.NANOSECONDS);
            if (outcome == null) {
                response.send(() -> answers.appended(command, appended.offset()));
            } else {
                outcome.thenAccept(known -> answerWaited(known, command, wait, success, response, outcome,
                        acknowledged));
            }
        });
    }

    /**
     * Answers a command whose wait is over. When it is over with the outcome, it records the command's {@code wait}
     * stage, and its {@code answer} stage once the answer is written.
     */
    private void answerWaited(Optional<RequestDocument> known, Command command, Duration wait, Success success,
                              CommandResponse response, OutcomeWaiters.Waiter waiter, long acknowledged) {
        if (known.isEmpty()) {
            response.send(() -> answers.waited(known, command, wait, success));
            return;
        }
        long learned = System.nanoTime();
        // an outcome whose notification came before the acknowledgement's callback waited no time after it
        waitStage.record(Math.max(0, waiter.notifiedAt() - acknowledged), TimeUnit.NANOSECONDS);
        response.send(() -> answers.waited(known, command, wait, success),
                () -> answerStage.record(System.nanoTime() - learned, TimeUnit.NANOSECONDS));
    }
}
