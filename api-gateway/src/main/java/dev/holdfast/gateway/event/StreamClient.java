package dev.holdfast.gateway.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One watcher's end of a stream: an outbox written through a {@link Channel} that never blocks. Availability
 * messages are whole snapshots, so a newer one simply replaces one not yet written: a client that reads slowly gets
 * fewer of them, never stale ones. Seat messages ({@code event: seats}) are changes, so none may be skipped: they
 * wait in the outbox in order, shared with every other watcher (each is encoded once), and a client that lets more
 * than {@link #MAX_PENDING_SEAT_BYTES} of them pile up is closed; it reconnects and reads the seat map afresh.
 * <p>
 * Why non-blocking writes rather than a pool of senders: with blocking sends, a client that stops reading holds the
 * thread that writes to it until the socket's write timeout, so a handful of such clients would hold any small pool
 * and stall everybody else. A non-blocking channel only says "not ready" for that one client; its messages wait in
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
    /** Seat messages a client may leave unwritten before it is closed as too far behind. */
    static final long MAX_PENDING_SEAT_BYTES = 4L << 20;

    /** A message waiting in the outbox; a snapshot (availability, keep-alive) is replaced by the next one. */
    private record Outgoing(byte[] bytes, boolean snapshot) {
    }

    private final Channel channel;
    private final Consumer<StreamClient> onClose;
    /** Guarded by {@code this}: the messages not written yet, in order. */
    private final Deque<Outgoing> outbox = new ArrayDeque<>();
    /** Guarded by {@code this}: the bytes of the seat messages in the outbox. */
    private long pendingSeatBytes;
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

    static byte[] seats(String changes) {
        return ("event:seats\ndata:" + changes + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Puts an availability message in the outbox, replacing one not yet written (and a waiting keep-alive), and
     * writes what the channel takes now.
     */
    void offer(byte[] message) {
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            outbox.removeIf(Outgoing::snapshot);
            outbox.addLast(new Outgoing(message, true));
        }
        drain();
    }

    /**
     * Puts a seat message in the outbox after everything waiting, and writes what the channel takes now; closes the
     * client instead when its unwritten seat messages would pass {@link #MAX_PENDING_SEAT_BYTES}.
     */
    void offerSeats(byte[] message) {
        boolean tooFarBehind;
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            tooFarBehind = pendingSeatBytes + message.length > MAX_PENDING_SEAT_BYTES;
            if (!tooFarBehind) {
                outbox.addLast(new Outgoing(message, false));
                pendingSeatBytes += message.length;
            }
        }
        if (tooFarBehind) {
            close();
            return;
        }
        drain();
    }

    /** A keep-alive comment, unless a message is waiting already (which keeps the connection alive as well). */
    void keepAlive() {
        synchronized (this) {
            if (closed.get() || !outbox.isEmpty()) {
                return;
            }
            outbox.addLast(new Outgoing(KEEP_ALIVE, true));
        }
        drain();
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
            synchronized (this) {
                outbox.clear();
                pendingSeatBytes = 0;
            }
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
            while (!closed.get() && (flushPending || !outbox.isEmpty())) {
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
                Outgoing next = outbox.pollFirst();
                if (!next.snapshot()) {
                    pendingSeatBytes -= next.bytes().length;
                }
                channel.write(next.bytes());
                flushPending = true;
            }
        } catch (IOException | RuntimeException gone) {
            close();
        }
    }
}
