package dev.holdfast.gateway.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One watcher's end of a stream: an outbox of at most one message, written through a {@link Channel} that never
 * blocks. Availability messages are whole snapshots, so a newer one simply replaces one not yet written: a client
 * that reads slowly gets fewer messages, never stale ones, and costs at most the message in flight plus one.
 * <p>
 * Why non-blocking writes rather than a pool of senders: with blocking sends, a client that stops reading holds the
 * thread that writes to it until the socket's write timeout, so a handful of such clients would hold any small pool
 * and stall everybody else. A non-blocking channel only says "not ready" for that one client; its message waits in
 * its outbox, the others are written at once, and the client is closed once it has not been writable for the
 * write timeout ({@link #stalledLongerThan}).
 */
final class StreamClient {

    /** A byte stream that never blocks: {@link #write} and {@link #flush} only after {@link #isReady} said true. */
    interface Channel {

        /** True when a write may be made now; false means the channel will call {@link #writable()} later. */
        boolean isReady() throws IOException;

        void write(byte[] bytes) throws IOException;

        void flush() throws IOException;

        /** Ends the stream; called once. */
        void close();
    }

    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final Channel channel;
    private final Consumer<StreamClient> onClose;
    private final AtomicReference<byte[]> outbox = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guarded by {@code this}: bytes were written and not flushed yet. */
    private boolean flushPending;
    /** When the channel last said "not ready" without saying "writable" since; 0 while it keeps up. */
    private volatile long stalledSinceNanos;
    /** The document last put in the outbox; read and written only by the one thread that fans documents out. */
    String lastOffered;

    StreamClient(Channel channel, Consumer<StreamClient> onClose) {
        this.channel = channel;
        this.onClose = onClose;
    }

    static byte[] availability(String document) {
        return ("event:availability\ndata:" + document + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Puts a message in the outbox, replacing one not yet written, and writes what the channel takes now. */
    void offer(byte[] message) {
        if (closed.get()) {
            return;
        }
        outbox.set(message);
        drain();
    }

    /** A keep-alive comment, unless a message is waiting already (which keeps the connection alive as well). */
    void keepAlive() {
        if (!closed.get() && outbox.compareAndSet(null, KEEP_ALIVE)) {
            drain();
        }
    }

    /** The channel can take bytes again. */
    void writable() {
        stalledSinceNanos = 0;
        drain();
    }

    boolean stalledLongerThan(long nanos, long nowNanos) {
        long since = stalledSinceNanos;
        return since != 0 && nowNanos - since > nanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Ends the stream, once, whoever notices first (a failed write, the client gone, a timeout, shutdown). */
    void close() {
        if (closed.compareAndSet(false, true)) {
            outbox.set(null);
            try {
                channel.close();
            } finally {
                onClose.accept(this);
            }
        }
    }

    /*
     * Synchronized because the fan-out thread and the container (when the channel becomes writable) both drain; it
     * never waits on the network, only on the other drain's few non-blocking writes.
     */
    private synchronized void drain() {
        try {
            while (!closed.get() && (flushPending || outbox.get() != null)) {
                if (!channel.isReady()) {
                    if (stalledSinceNanos == 0) {
                        stalledSinceNanos = System.nanoTime();
                    }
                    return;
                }
                if (flushPending) {
                    flushPending = false;
                    channel.flush();
                    continue;
                }
                byte[] next = outbox.getAndSet(null);
                if (next != null) {
                    channel.write(next);
                    flushPending = true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            close();
        }
    }
}
