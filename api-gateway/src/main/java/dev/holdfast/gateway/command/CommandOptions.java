package dev.holdfast.gateway.command;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client sends with a command besides its body: its {@code Idempotency-Key}, and how long it prefers to wait
 * for the outcome ({@code Prefer: wait=N}, RFC 7240, capped at {@link OutcomeWaiters#MAX_WAIT_SECONDS}). A
 * controller declares it as a parameter ({@link CommandOptionsResolver} reads it once per request) and hands it to
 * {@link CommandPipeline#submit}.
 *
 * <p>Declaring it makes the method's answer the pipeline's to write: the options keep the servlet exchange they were
 * read from, so that {@link CommandResponse} can answer on it from whichever thread learns the answer, without a
 * lookup. Only this package sees that exchange.
 */
public final class CommandOptions {

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?",
            Pattern.CASE_INSENSITIVE);

    private final String idempotencyKey;
    private final Duration preferredWait;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    CommandOptions(String idempotencyKey, Duration preferredWait, HttpServletRequest request,
                   HttpServletResponse response) {
        this.idempotencyKey = idempotencyKey;
        this.preferredWait = preferredWait;
        this.request = request;
        this.response = response;
    }

    /** The options of this HTTP request, to be answered on its response. */
    static CommandOptions of(HttpServletRequest request, HttpServletResponse response) {
        return new CommandOptions(request.getHeader("Idempotency-Key"), waitOf(request.getHeaders("Prefer")),
                request, response);
    }

    /**
     * The wait of the first {@code wait} preference among the {@code Prefer} fields (RFC 7240 allows several, which
     * read as one list), capped; zero when there is none, or none valid.
     */
    static Duration waitOf(Enumeration<String> preferFields) {
        while (preferFields != null && preferFields.hasMoreElements()) {
            Matcher matcher = WAIT.matcher(preferFields.nextElement());
            if (matcher.find()) {
                return Duration.ofSeconds(Math.min(OutcomeWaiters.MAX_WAIT_SECONDS, Long.parseLong(matcher.group(1))));
            }
        }
        return Duration.ZERO;
    }

    /** The client's {@code Idempotency-Key}, or null. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** How long the client waits for the outcome; zero answers 202 as soon as the log took the command. */
    public Duration preferredWait() {
        return preferredWait;
    }

    /** The writer of this request's answer; make one per command. */
    CommandResponse response(ObjectWriter json) {
        return new CommandResponse(request, response, json);
    }
}
