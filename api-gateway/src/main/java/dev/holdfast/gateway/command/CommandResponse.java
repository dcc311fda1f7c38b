package dev.holdfast.gateway.command;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.holdfast.gateway.problem.Problems;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The response of one command, written once its answer is known: at once (an outcome known before), from the Kafka
 * acknowledgement (202), or from the notification of the outcome ({@code Prefer: wait}). {@link CommandPipeline}
 * makes one from the command's {@link CommandOptions}, and the response is then the pipeline's to write.
 *
 * <p>Why not {@code DeferredResult}: Spring MVC answers a deferred result by dispatching the request through the
 * filter chain and the {@code DispatcherServlet} a second time, which cost about a third of the gateway's CPU per
 * reservation. This writes the status, headers and JSON body itself, on a container thread
 * ({@link AsyncContext#start}), and completes the servlet's asynchronous request: no thread waits, and no second
 * dispatch runs.
 */
final class CommandResponse {

    private static final Logger log = LoggerFactory.getLogger(CommandResponse.class);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ObjectWriter json;
    /** Set once an answer is claimed: by {@link #send} or by the timeout; later answers are dropped. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Set, under the lock, once the response is written (or the client is gone): it is written at most once. */
    private boolean written;
    private volatile AsyncContext async;
    /** The answer {@link #send} claimed, for the timeout to write if it fires before the queued write runs. */
    private volatile Supplier<ResponseEntity<?>> claimedAnswer;
    /** What runs once the claimed answer is written; set before {@link #claimedAnswer}. */
    private volatile Runnable claimedAfterWrite;

    CommandResponse(HttpServletRequest request, HttpServletResponse response, ObjectWriter json) {
        this.request = request;
        this.response = response;
        this.json = json;
    }

    /**
     * Leaves the servlet thread free: the answer follows from another thread, or {@code onTimeout}'s once
     * {@code timeout} has passed without one. Call at most once, from the request's thread.
     */
    void defer(Duration timeout, Supplier<ResponseEntity<?>> onTimeout) {
        AsyncContext context = request.startAsync(request, response);
        context.setTimeout(timeout.toMillis());
        context.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                // answer here, on the container's timeout thread: a listener that leaves the request open lets
                // Tomcat answer 500 itself. An answer already claimed but not yet written is written now instead.
                Supplier<ResponseEntity<?>> answer = claimed.compareAndSet(false, true) ? null : claimedAnswer;
                if (answer == null) {
                    finish(onTimeout, null);
                } else {
                    finish(answer, claimedAfterWrite);
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                // the client went away or the connection broke: nobody is left to answer
                claimed.set(true);
                synchronized (CommandResponse.this) {
                    written = true;
                }
                complete();
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        async = context;
    }

    /**
     * Sends the answer, from any thread; only the first answer counts. The answer is made and written on a container
     * thread, so that a caller such as Kafka's network thread never waits for a database or admin call it needs.
     */
    void send(Supplier<ResponseEntity<?>> answer) {
        send(answer, null);
    }

    /**
     * Sends the answer as {@link #send(Supplier)} does, and runs {@code afterWrite} on the thread that wrote it, once
     * it is written and the exchange completed; not when another answer was written first, nor when the client was
     * gone before. The pipeline's {@code answer} stage ends there.
     */
    void send(Supplier<ResponseEntity<?>> answer, Runnable afterWrite) {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        AsyncContext context = async;
        if (context == null) {
            finish(answer, afterWrite);
            return;
        }
        claimedAfterWrite = afterWrite;
        claimedAnswer = answer;
        try {
            context.start(() -> finish(answer, afterWrite));
        } catch (IllegalStateException finished) {
            // the request timed out (its answer is written) or the client is gone
        }
    }

    /** Makes and writes the answer, unless one was written already; then runs {@code afterWrite}, if any. */
    private void finish(Supplier<ResponseEntity<?>> answer, Runnable afterWrite) {
        synchronized (this) {
            if (written) {
                return;
            }
            written = true;
        }
        try {
            write(make(answer));
        } finally {
            complete();
        }
        if (afterWrite != null) {
            afterWrite.run();
        }
    }

    private static ResponseEntity<?> make(Supplier<ResponseEntity<?>> answer) {
        try {
            return answer.get();
        } catch (RuntimeException e) {
            log.error("cannot make the answer of a command", e);
            return Problems.response(Problems.internalError(), new HttpHeaders());
        }
    }

    private void write(ResponseEntity<?> answer) {
        Object body = answer.getBody();
        byte[] bytes;
        try {
            bytes = body == null ? null : json.writeValueAsBytes(body);
        } catch (IOException e) {
            log.error("cannot write the answer of a command as JSON", e);
            answer = Problems.response(Problems.internalError(), new HttpHeaders());
            body = answer.getBody();
            bytes = problemBytes((ProblemDetail) body);
        }
        try {
            response.setStatus(answer.getStatusCode().value());
            answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            if (bytes != null) {
                response.setContentType(body instanceof ProblemDetail ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
                        : MediaType.APPLICATION_JSON_VALUE);
                response.setContentLength(bytes.length);
                try (OutputStream out = response.getOutputStream()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("could not write the answer of a command: {}", e.toString());
        }
    }

    private byte[] problemBytes(ProblemDetail problem) {
        try {
            return json.writeValueAsBytes(problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void complete() {
        AsyncContext context = async;
        if (context != null) {
            try {
                context.complete();
            } catch (IllegalStateException finished) {
                // completed already (the timeout answered, or the connection broke)
            }
        }
    }
}
