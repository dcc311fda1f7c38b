package dev.holdfast.gateway.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.EventChangeChannel;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Live availability over Server-Sent Events. Watchers hold no thread: each is a {@link StreamClient} writing
 * without blocking to an asynchronous servlet response. The worker announces the events it changed once per
 * committed batch ({@link EventChangeChannel}); for an event somebody watches, one thread (the sender) reads its
 * document once and puts the same message in every watcher's outbox, at most once per {@code COALESCE} per event,
 * so the database sees one query per watched event per 100 ms whatever the number of watchers, and a watcher that
 * does not read delays nobody (see {@link StreamClient}).
 * <p>
 * Every document a watcher is offered is offered on the sender thread, in the order the documents were read, so a
 * watcher never gets an older document after a newer one. A watcher subscribes before its first document is chosen:
 * a change committed before the subscription is in that first document, and one committed after it is announced
 * to the watcher by the notification that follows it.
 * <p>
 * Seated sections: with each reading of a watched event, the rows of its seated sections are read in the same
 * snapshot and compared with the rows this gateway read before for that event ({@link SeatChanges}); each section
 * whose seats changed gets one {@code event: seats} message after the availability message, holding each changed
 * seat's latest letter. Nobody watching, nothing read.
 * <p>
 * Streams are counted per client address and per instance ({@link StreamLimits}); beyond either cap a new stream is
 * answered {@code 429 rate_limited}.
 */
@Component
class EventStreams implements DatabaseNotifications.Listener, SmartLifecycle {

    static final Duration COALESCE = Duration.ofMillis(100);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
    /** How often stalled clients are looked for; a stalled client is closed within its write timeout plus this. */
    private static final Duration STALL_CHECK = Duration.ofSeconds(1);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    /** A stream slot frees when some stream ends; retrying much sooner would mostly be refused again. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    /** Starts the stream's channel: sets up the response and hands the channel to the factory of its client. */
    interface Opener {
        StreamClient open(Function<StreamClient.Channel, StreamClient> client) throws IOException;
    }

    private final EventRepository events;
    private final ObjectMapper json;
    private final StreamLimits limits;
    private final long writeTimeoutNanos;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    /** Change notifications received so far; tells a new watcher whether its first read may have been overtaken. */
    private final AtomicLong notifications = new AtomicLong();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-streams");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    /** The latest document read for an event, and its message, encoded once for every watcher. */
    private record Latest(String document, byte[] message) {
        static Latest of(String document) {
            return new Latest(document, StreamClient.availability(document));
        }
    }

    /** An event as read for its watchers: its document as JSON, and the rows of its seated sections by code. */
    private record Reading(String document, Map<String, List<SeatChanges.Row>> seats) {
    }

    /** The body of an {@code event: seats} message: the seats of one section whose letter changed, and the letter. */
    private record SeatsMessage(String section, Map<String, String> seats) {
    }

    /** The watchers of one event, and when its document was last sent to them. */
    private static final class Watched {
        final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
        volatile Latest latest;
        /**
         * The seated sections' rows of the reading the watchers were last sent, which the next reading is compared
         * with; null until the first reading. Read and written on the sender thread only.
         */
        Map<String, List<SeatChanges.Row>> seats;
        volatile long lastSentNanos = System.nanoTime() - COALESCE.toNanos();
        volatile boolean sendQueued;
    }

    @Autowired
    EventStreams(EventRepository events, ObjectMapper json, DatabaseNotifications notifications,
                 MeterRegistry meters, GatewayProperties properties) {
        this(events, json, meters, new StreamLimits(properties.streams().perAddress(),
                properties.streams().perGateway()), properties.streams().writeTimeout());
        notifications.listen(EventChangeChannel.NAME, this);
    }

    EventStreams(EventRepository events, ObjectMapper json, MeterRegistry meters, StreamLimits limits,
                 Duration writeTimeout) {
        this.events = events;
        this.json = json;
        this.limits = limits;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        Gauge.builder("holdfast.gateway.stream.watchers", watched,
                        map -> map.values().stream().mapToInt(w -> w.clients.size()).sum())
                .description("clients watching an event's availability").register(meters);
    }

    /**
     * Starts the stream of an event on this request: its document at once, then after every change. Answers (by
     * throwing) 429 beyond the caps and 404 for an unknown event, before anything is written.
     */
    void watch(long eventId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            watch(eventId, request.getRemoteAddr(), client -> {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-cache");
                // proxies that buffer responses (nginx) would hold the messages back
                response.setHeader("X-Accel-Buffering", "no");
                return ServletStreamChannel.start(request, STREAM_TIMEOUT, client);
            });
        } catch (IOException | RuntimeException failure) {
            // a stream that failed while starting must not leave its event-stream headers behind: the problem
            // document of the failure is written as JSON (seen as 500s in a stream flood: no converter could
            // write a problem with the preset text/event-stream content type)
            if (!response.isCommitted()) {
                response.reset();
            }
            throw failure;
        }
    }

    StreamClient watch(long eventId, String address, Opener opener) throws IOException {
        StreamLimits.Slot slot = limits.tryAcquire(address).orElseThrow(() -> ApiException.rateLimited(
                RETRY_AFTER_SECONDS, "too many open streams from this address or on this gateway; retry later"));
        boolean opened = false;
        try {
            if (!running) {
                throw ApiException.unavailable("this gateway is shutting down; reconnect");
            }
            long notificationsBefore = notifications.get();
            Watched known = watched.get(eventId);
            Latest cached = known == null ? null : known.latest;
            Reading snapshot = cached != null ? new Reading(cached.document(), null)
                    : read(eventId).orElseThrow(() -> ApiException.notFound("no event " + eventId));
            StreamClient client = opener.open(channel -> new StreamClient(channel, closed -> {
                slot.release();
                forget(eventId, closed);
            }));
            opened = true;
            subscribe(eventId, client);
            try {
                sender.execute(() -> sendFirst(eventId, client, snapshot, notificationsBefore));
            } catch (RejectedExecutionException stopping) {
                client.close();
            }
            return client;
        } finally {
            if (!opened) {
                slot.release();
            }
        }
    }

    /** Adding a watcher and forgetting an event's last watcher exclude each other (the map's lock on the key). */
    private void subscribe(long eventId, StreamClient client) {
        watched.compute(eventId, (id, watchers) -> {
            if (client.isClosed()) {
                return watchers;
            }
            Watched target = watchers == null ? new Watched() : watchers;
            target.clients.add(client);
            return target;
        });
    }

    private void forget(long eventId, StreamClient client) {
        watched.computeIfPresent(eventId, (id, watchers) -> {
            watchers.clients.remove(client);
            return watchers.clients.isEmpty() ? null : watchers;
        });
    }

    /**
     * On the sender thread, after the subscription: the last document fanned out when there is one (a change since
     * is being fanned out to this client too), else the document read before subscribing, unless a notification
     * arrived since that read began (it may have found nobody subscribed): then a fresh read. The first reading of
     * an event's watchers is what later seat changes are measured from.
     */
    private void sendFirst(long eventId, StreamClient client, Reading snapshot, long notificationsBefore) {
        if (client.isClosed() || client.lastOffered != null) {
            return;
        }
        Watched watchers = watched.get(eventId);
        Latest latest = watchers == null ? null : watchers.latest;
        Reading reading = latest != null ? null : snapshot;
        if (latest == null && notifications.get() != notificationsBefore) {
            try {
                reading = read(eventId).orElse(snapshot);
            } catch (RuntimeException e) {
                log.warn("cannot read event {} for a new watcher: {}", eventId, e.getMessage());
                changed(eventId);
            }
        }
        if (watchers != null && watchers.seats == null && reading != null && reading.seats() != null) {
            watchers.seats = reading.seats();
        }
        String document = latest != null ? latest.document() : reading.document();
        client.lastOffered = document;
        client.offer(latest != null && latest.document() == document ? latest.message()
                : StreamClient.availability(document));
    }

    /** The worker committed changes of these events: send each watched one, coalesced. */
    @Override
    public void notified(List<String> payloads) {
        notifications.incrementAndGet();
        for (String payload : payloads) {
            if (payload == null) {
                continue;
            }
            for (String id : payload.split(",")) {
                try {
                    changed(Long.parseLong(id.strip()));
                } catch (NumberFormatException notOurs) {
                    log.debug("ignoring an event-change notification that is not an event id: {}", id);
                }
            }
        }
    }

    /** Notifications may have been lost: send every watched event's current document. */
    @Override
    public void recheck() {
        watched.keySet().forEach(this::changed);
    }

    private void changed(long eventId) {
        Watched watchers = watched.get(eventId);
        if (watchers == null || watchers.sendQueued) {
            return;
        }
        watchers.sendQueued = true;
        long dueIn = Math.max(0, watchers.lastSentNanos + COALESCE.toNanos() - System.nanoTime());
        try {
            sender.schedule(() -> send(eventId, watchers), dueIn, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            watchers.sendQueued = false;
        }
    }

    /**
     * On the sender thread: reads the event once, offers its document to every watcher that has not got it, and
     * then the seat changes since the previous reading to every watcher that has had its first document.
     */
    private void send(long eventId, Watched watchers) {
        watchers.sendQueued = false;
        watchers.lastSentNanos = System.nanoTime();
        if (watchers.clients.isEmpty()) {
            return;
        }
        Reading reading;
        try {
            reading = read(eventId).orElse(null);
        } catch (RuntimeException e) {
            log.warn("cannot read event {} for its watchers: {}", eventId, e.getMessage());
            return;
        }
        if (reading == null) {
            return;
        }
        String document = reading.document();
        List<byte[]> seatMessages = seatMessages(watchers, reading.seats());
        Latest latest = watchers.latest;
        if (latest == null || !latest.document().equals(document)) {
            latest = Latest.of(document);
            watchers.latest = latest;
        }
        for (StreamClient client : watchers.clients) {
            String offered = client.lastOffered;
            if (offered != latest.document()) {
                client.lastOffered = latest.document();
                if (!latest.document().equals(offered)) {
                    client.offer(latest.message());
                }
            }
            // a watcher subscribed while this ran has not had its first document: it gets no change before it
            if (client.lastOffered != null) {
                seatMessages.forEach(client::offerSeats);
            }
        }
    }

    /**
     * The {@code event: seats} messages of a reading, one per seated section whose seats changed since the previous
     * reading (none for the first), each encoded once for every watcher.
     */
    private List<byte[]> seatMessages(Watched watchers, Map<String, List<SeatChanges.Row>> seats) {
        Map<String, List<SeatChanges.Row>> before = watchers.seats;
        watchers.seats = seats;
        if (before == null) {
            return List.of();
        }
        List<byte[]> messages = new ArrayList<>();
        seats.forEach((section, rows) -> {
            Map<String, String> changed = SeatChanges.between(before.getOrDefault(section, rows), rows);
            if (!changed.isEmpty()) {
                messages.add(StreamClient.seats(encode(new SeatsMessage(section, changed))));
            }
        });
        return messages;
    }

    /** A comment line now and then keeps proxies from closing idle streams and finds clients that went away. */
    private void keepAlive() {
        watched.values().forEach(watchers -> watchers.clients.forEach(StreamClient::keepAlive));
    }

    /** A client that has not taken a byte for the write timeout is closed: it frees its slot and its memory. */
    private void closeStalled() {
        long now = System.nanoTime();
        watched.values().forEach(watchers -> watchers.clients.forEach(client -> {
            if (client.stalledLongerThan(writeTimeoutNanos, now)) {
                client.close();
            }
        }));
    }

    int watchers() {
        return watched.values().stream().mapToInt(w -> w.clients.size()).sum();
    }

    /** The event's document and its seated sections' rows, of one moment. */
    private Optional<Reading> read(long eventId) {
        return events.live(eventId).map(live -> new Reading(encode(live.document()), live.seats()));
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        running = true;
        sender.scheduleAtFixedRate(guarded(this::keepAlive), KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
                TimeUnit.MILLISECONDS);
        sender.scheduleAtFixedRate(guarded(this::closeStalled), STALL_CHECK.toMillis(), STALL_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A periodic task that fails once must keep running (the executor would drop it). */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("event streams: {}", e.toString());
            }
        };
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait for them; clients
     * reconnect to another instance and get the current document.
     */
    @Override
    public void stop() {
        running = false;
        sender.shutdownNow();
        watched.values().forEach(watchers -> watchers.clients.forEach(StreamClient::close));
        watched.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the web server's graceful shutdown phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
