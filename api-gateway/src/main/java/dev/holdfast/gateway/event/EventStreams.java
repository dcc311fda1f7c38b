package dev.holdfast.gateway.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.contracts.EventChangeChannel;
import dev.holdfast.gateway.notify.DatabaseNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live availability over Server-Sent Events. Watchers hold no thread (an {@link SseEmitter} each). The worker
 * announces the events it changed once per committed batch ({@link EventChangeChannel}); for an event somebody
 * watches, one thread reads its document once and sends the same message to every watcher, at most once per
 * {@code COALESCE} per event, so the database sees one query per watched event per 100 ms whatever the number of
 * watchers. A new watcher is sent the last document read for the event, or reads it when there is none.
 */
@Component
class EventStreams implements DatabaseNotifications.Listener, SmartLifecycle {

    static final Duration COALESCE = Duration.ofMillis(100);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final EventRepository events;
    private final ObjectMapper json;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-streams");
        thread.setDaemon(true);
        return thread;
    });

    /** The watchers of one event, and when its document was last sent to them. */
    private static final class Watched {
        final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
        volatile String lastDocument;
        volatile long lastSentNanos = System.nanoTime() - COALESCE.toNanos();
        volatile boolean sendQueued;
    }

    EventStreams(EventRepository events, ObjectMapper json, DatabaseNotifications notifications,
                 MeterRegistry meters) {
        this.events = events;
        this.json = json;
        notifications.listen(EventChangeChannel.NAME, this);
        Gauge.builder("holdfast.gateway.stream.watchers", watched,
                        map -> map.values().stream().mapToInt(w -> w.emitters.size()).sum())
                .description("clients watching an event's availability").register(meters);
    }

    /** A stream that starts with the event's document; {@code empty} when there is no such event. */
    Optional<SseEmitter> watch(long eventId) {
        Watched watchers = watched.computeIfAbsent(eventId, id -> new Watched());
        String snapshot = watchers.lastDocument;
        if (snapshot == null) {
            Optional<String> read = read(eventId);
            if (read.isEmpty()) {
                watched.computeIfPresent(eventId, (id, w) -> w.emitters.isEmpty() ? null : w);
                return Optional.empty();
            }
            snapshot = read.get();
        }
        var emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Runnable forget = () -> forget(eventId, emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(error -> forget.run());
        try {
            emitter.send(SseEmitter.event().name("availability").data(snapshot));
        } catch (IOException e) {
            return Optional.of(emitter);
        }
        watchers.emitters.add(emitter);
        return Optional.of(emitter);
    }

    /** The worker committed changes of these events: send each watched one, coalesced. */
    @Override
    public void notified(List<String> payloads) {
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
        sender.schedule(() -> send(eventId, watchers), dueIn, TimeUnit.NANOSECONDS);
    }

    private void send(long eventId, Watched watchers) {
        watchers.sendQueued = false;
        watchers.lastSentNanos = System.nanoTime();
        if (watchers.emitters.isEmpty()) {
            return;
        }
        String document;
        try {
            document = read(eventId).orElse(null);
        } catch (RuntimeException e) {
            log.warn("cannot read event {} for its watchers: {}", eventId, e.getMessage());
            return;
        }
        if (document == null || document.equals(watchers.lastDocument)) {
            return;
        }
        watchers.lastDocument = document;
        for (SseEmitter emitter : watchers.emitters) {
            try {
                emitter.send(SseEmitter.event().name("availability").data(document));
            } catch (IOException | IllegalStateException gone) {
                forget(eventId, emitter);
            }
        }
    }

    /** A comment line now and then keeps proxies from closing idle streams and finds clients that went away. */
    @Scheduled(fixedRate = 15_000)
    void keepAlive() {
        watched.forEach((eventId, watchers) -> sender.execute(() -> {
            for (SseEmitter emitter : watchers.emitters) {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException gone) {
                    forget(eventId, emitter);
                }
            }
        }));
    }

    private void forget(long eventId, SseEmitter emitter) {
        watched.computeIfPresent(eventId, (id, watchers) -> {
            watchers.emitters.remove(emitter);
            return watchers.emitters.isEmpty() ? null : watchers;
        });
    }

    private Optional<String> read(long eventId) {
        return events.find(eventId).map(document -> {
            try {
                return json.writeValueAsString(document);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait for them; clients
     * reconnect to another instance and get the current document.
     */
    @Override
    public void stop() {
        running = false;
        sender.shutdownNow();
        watched.values().forEach(watchers -> watchers.emitters.forEach(SseEmitter::complete));
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
