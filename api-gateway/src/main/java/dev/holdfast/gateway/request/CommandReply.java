package dev.holdfast.gateway.request;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.holdfast.gateway.problem.Problem;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A command's request headers ({@code Idempotency-Key}, {@code Prefer}) and its response, written once its answer is
 * known: at once (an outcome known before), from the Kafka
 * acknowledgement (202), or from the notification of the outcome ({@code Prefer: wait}). A controller declares it
 * as a parameter and hands it to {@link CommandGateway#submit}; the response is then the gateway's to write.
 *
 * <p>Why not {@code DeferredResult}: Spring MVC answers a deferred result by dispatching the request through the
 * filter chain and the {@code DispatcherServlet} a second time, which cost about a third of the gateway's CPU per
 * reservation. This writes the status, headers and JSON body itself, on a container thread
 * ({@link AsyncContext#start}), and completes the servlet's asynchronous request: no thread waits, and no second
 * dispatch runs.
 */
public final class CommandReply {

    private static final Logger log = LoggerFactory.getLogger(CommandReply.class);

    private final String idempotencyKey;
    private final String prefer;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ObjectWriter json;
    private final AtomicBoolean answered = new AtomicBoolean();
    private AsyncContext async;

    CommandReply(HttpServletRequest request, HttpServletResponse response, ObjectWriter json) {
        this(request.getHeader("Idempotency-Key"), request.getHeader("Prefer"), request, response, json);
    }

    CommandReply(String idempotencyKey, String prefer, HttpServletRequest request, HttpServletResponse response,
                 ObjectWriter json) {
        this.idempotencyKey = idempotencyKey;
        this.prefer = prefer;
        this.request = request;
        this.response = response;
        this.json = json;
    }

    /** The client's {@code Idempotency-Key}, or null. */
    String idempotencyKey() {
        return idempotencyKey;
    }

    /** The client's {@code Prefer} header, or null. */
    String prefer() {
        return prefer;
    }

    /**
     * Leaves the servlet thread free: the answer follows from another thread, or {@code onTimeout}'s once
     * {@code timeout} has passed without one. Call at most once, from the request's thread.
     */
    void defer(Duration timeout, Supplier<ResponseEntity<?>> onTimeout) {
        async = request.startAsync(request, response);
        async.setTimeout(timeout.toMillis());
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (answered.compareAndSet(false, true)) {
                    write(onTimeout.get());
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                // the client went away or the connection broke: nobody is left to answer
                answered.set(true);
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
    }

    /** Sends the answer, from any thread; only the first answer counts. */
    void send(ResponseEntity<?> answer) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        if (async == null) {
            write(answer);
        } else {
            async.start(() -> write(answer));
        }
    }

    private void write(ResponseEntity<?> answer) {
        try {
            response.setStatus(answer.getStatusCode().value());
            answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            Object body = answer.getBody();
            if (body != null) {
                byte[] bytes = json.writeValueAsBytes(body);
                response.setContentType(body instanceof Problem ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
                        : MediaType.APPLICATION_JSON_VALUE);
                response.setContentLength(bytes.length);
                try (OutputStream out = response.getOutputStream()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("could not write the answer of a command: {}", e.toString());
        } finally {
            if (async != null) {
                async.complete();
            }
        }
    }
}
