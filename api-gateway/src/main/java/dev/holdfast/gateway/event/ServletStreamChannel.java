package dev.holdfast.gateway.event;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * A {@link StreamClient.Channel} over a servlet response in asynchronous, non-blocking mode (Servlet 3.1
 * {@link WriteListener}): no thread waits for a client, whether it reads or not. The container tells the client
 * when the response is writable again, and when the request completes, times out or fails; each of these ends
 * the client once.
 */
final class ServletStreamChannel implements StreamClient.Channel {

    private final AsyncContext async;
    private final ServletOutputStream out;

    private ServletStreamChannel(AsyncContext async) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
    }

    /**
     * Starts the request's asynchronous mode and returns the client that writes to it; the response's status and
     * headers must be set before.
     */
    static StreamClient start(HttpServletRequest request, Duration timeout,
                              Function<StreamClient.Channel, StreamClient> client) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis());
        ServletStreamChannel channel = new ServletStreamChannel(async);
        StreamClient watcher = client.apply(channel);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                watcher.close();
            }

            /*
             * A timeout or an error must end the request inside the listener itself. Otherwise the container makes
             * an error dispatch once the listeners return, and Spring's error page then fails to write its JSON under
             * the stream's text/event-stream content type (20 such ERROR stack traces in one stream flood). The
             * client may have been closed earlier, on another thread, whose complete() may not have taken effect.
             */
            @Override
            public void onTimeout(AsyncEvent event) {
                watcher.close();
                channel.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                watcher.close();
                channel.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // started once, by us
            }
        });
        // from here on, writes may only follow isReady() == true; the container calls onWritePossible first
        channel.out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                watcher.writable();
            }

            @Override
            public void onError(Throwable failure) {
                watcher.close();
            }
        });
        return watcher;
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // the container ended the request first (client gone, timeout)
        }
    }
}
