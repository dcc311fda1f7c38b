package dev.holdfast.expiry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which expiry worker instance scans: the one holding a PostgreSQL session-level advisory lock. Several instances
 * can run for availability; only the holder publishes releases, so a second instance neither doubles the scans nor
 * publishes a hold twice, and when the holder dies its session ends, the lock is free, and another instance takes
 * over at its next scan. The lock lives on a connection of its own, outside the pool.
 */
@Component
class ScanLeadership {

    private static final Logger log = LoggerFactory.getLogger(ScanLeadership.class);
    /** The advisory lock key: any bigint that no other code of the database uses. */
    private static final long LOCK_KEY = 0x486F6C6466617374L; // "Holdfast"

    private final DataSourceProperties dataSource;
    private Connection connection;
    private volatile boolean leader;

    ScanLeadership(DataSourceProperties dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        Gauge.builder("holdfast.expiry.leader", this, l -> l.leader ? 1 : 0)
                .description("1 on the expiry worker instance that scans for due holds").register(meters);
    }

    /** Whether this instance scans now: keeps the lock it has, or tries to take it. */
    synchronized boolean holds() {
        try {
            if (connection == null || !connection.isValid(1)) {
                close();
                leader = false;
                connection = DriverManager.getConnection(dataSource.determineUrl(), dataSource.determineUsername(),
                        dataSource.determinePassword());
            }
            if (!leader) {
                try (Statement statement = connection.createStatement();
                     ResultSet taken = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                    leader = taken.next() && taken.getBoolean(1);
                }
                if (leader) {
                    log.info("this instance scans for due holds now");
                }
            }
        } catch (SQLException e) {
            log.warn("cannot hold the scan lock: {}", e.getMessage());
            close();
            leader = false;
        }
        return leader;
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session and its lock end with the connection either way
            }
            connection = null;
        }
    }
}
