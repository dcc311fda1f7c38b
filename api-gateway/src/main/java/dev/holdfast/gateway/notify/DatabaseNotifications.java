package dev.holdfast.gateway.notify;

import dev.holdfast.gateway.config.GatewayProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection that LISTENs to PostgreSQL's notification channels for the whole gateway and hands each channel's
 * payloads to its listener, on the one listening thread. Listeners must return quickly (hand work to a thread of
 * their own). Notifications sent while the connection was being re-established are lost; every listener is told
 * when that may have happened, and is ticked every {@code outcomeRecheckInterval}, so it can re-read what it needs.
 */
@Component
public class DatabaseNotifications implements SmartLifecycle {

    /** Receives the notifications of one channel. */
    public interface Listener {

        /** The payloads of the notifications that arrived together, in order. */
        void notified(List<String> payloads);

        /** Notifications may have been missed (a new connection), or a tick passed: re-read what you need. */
        void recheck();
    }

    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);

    private final DataSourceProperties dataSource;
    private final Duration recheckInterval;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    DatabaseNotifications(DataSourceProperties dataSource, GatewayProperties properties) {
        this.dataSource = dataSource;
        this.recheckInterval = properties.outcomeRecheckInterval();
    }

    /** Subscribes to a channel; call it before the application starts (from a constructor). */
    public void listen(String channel, Listener listener) {
        if (listeners.putIfAbsent(channel, listener) != null) {
            throw new IllegalStateException("channel " + channel + " has a listener already");
        }
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword());
                 Statement statement = connection.createStatement()) {
                for (String channel : listeners.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                backoffMillis = 100;
                recheckAll();
                long nextRecheck = System.nanoTime() + recheckInterval.toNanos();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications((int) recheckInterval.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        dispatch(notifications);
                    }
                    if (System.nanoTime() >= nextRecheck) {
                        nextRecheck = System.nanoTime() + recheckInterval.toNanos();
                        recheckAll();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("notification listener lost its connection ({}); retrying in {} ms", e.getMessage(),
                        backoffMillis);
                recheckAll();
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private void dispatch(PGNotification[] notifications) {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (PGNotification notification : notifications) {
            byChannel.computeIfAbsent(notification.getName(), name -> new ArrayList<>())
                    .add(notification.getParameter());
        }
        byChannel.forEach((channel, payloads) -> {
            Listener listener = listeners.get(channel);
            if (listener != null) {
                guarded(() -> listener.notified(payloads));
            }
        });
    }

    private void recheckAll() {
        listeners.values().forEach(listener -> guarded(listener::recheck));
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a notification listener failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "db-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
