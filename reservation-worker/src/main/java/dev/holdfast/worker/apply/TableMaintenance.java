package dev.holdfast.worker.apply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the worker's busiest tables fit where PostgreSQL's autovacuum is off or behind (the server of the machines
 * this project is built on runs with {@code autovacuum = off}): it vacuums a table, and analyzes it in the same
 * pass, once its dead rows pass a bound, and analyzes any other of the applier's tables whose rows changed by more
 * than a bound since its last analysis.
 *
 * <p>The outbox is a queue table: every row is deleted soon after it is written, so it passes the vacuum bound
 * every few seconds under load, and a read of it that visits every dead row slows the relay down (the outbox read
 * once took 141 µs a row). Reservations leave a dead row at every purchase, cancel and expiry: after a 10-minute
 * soak, 0.7 million of them, which the expiry scan's index visits.
 *
 * <p>Analysis matters most on a new database: a prepared statement's generic plan is made while the tables are
 * nearly empty (a sequential scan of {@code requests} for the batch's de-duplication), and without a new analysis
 * nothing tells PostgreSQL to plan it again as the table grows. A fresh database's first sale measured 1,061
 * commands/s, with that de-duplication taking 219 ms a batch, against 4,444/s once the tables had statistics.
 * ANALYZE replaces the statistics, which makes every session plan its statements again.
 *
 * <p>It reads PostgreSQL's own counters ({@code pg_stat_user_tables}) every {@code interval}; where autovacuum runs
 * with its defaults it acts first (50 rows plus 10-20 % of the table), and this finds nothing to do. One instance at
 * a time (a session advisory lock); neither VACUUM nor ANALYZE blocks the applier's reads and writes.
 */
@Component
public class TableMaintenance {

    private static final Logger log = LoggerFactory.getLogger(TableMaintenance.class);
    private static final String LOCK = "select pg_try_advisory_lock(hashtextextended('holdfast.maintenance', 0))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtextextended('holdfast.maintenance', 0))";
    /** The tables whose statistics decide the plans of the applier's statements, and the outbox. */
    private static final List<String> TABLES = List.of("outbox", "requests", "reservations", "reservation_seats",
            "seat_rows", "waitlist_entries");

    /**
     * @param vacuumDeadRows   a table is vacuumed (and analyzed) when PostgreSQL counts more dead rows in it than this
     * @param vacuumFraction   plus this fraction of its live rows
     * @param analyzeRows      a table is analyzed when more rows changed since its last analysis than this plus
     * @param analyzeFraction  this fraction of its live rows
     */
    @ConfigurationProperties("holdfast.maintenance")
    record Properties(long vacuumDeadRows, double vacuumFraction, long analyzeRows, double analyzeFraction) {
    }

    record TableState(String name, long live, long dead, long modifiedSinceAnalyze) {
    }

    private final JdbcTemplate jdbc;
    private final Properties properties;

    TableMaintenance(JdbcTemplate jdbc, Properties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Vacuums and analyzes what needs it, if no other instance is doing so now. */
    @Scheduled(initialDelayString = "${holdfast.maintenance.interval}",
            fixedDelayString = "${holdfast.maintenance.interval}")
    public void maintain() {
        try {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (Statement statement = connection.createStatement()) {
                    if (!locked(statement)) {
                        return null;
                    }
                    try {
                        for (TableState table : states(connection)) {
                            maintain(statement, table);
                        }
                    } finally {
                        statement.execute(UNLOCK);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("table maintenance failed, will retry: {}", e.getMessage());
        }
    }

    private static boolean locked(Statement statement) throws SQLException {
        try (var lock = statement.executeQuery(LOCK)) {
            return lock.next() && lock.getBoolean(1);
        }
    }

    /** The tables' counters, read on the connection that holds the lock (no second one from the pool). */
    private static List<TableState> states(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select relname, n_live_tup, n_dead_tup, n_mod_since_analyze from pg_stat_user_tables
                 where schemaname = current_schema() and relname = any(?) order by relname""")) {
            query.setArray(1, connection.createArrayOf("text", TABLES.toArray()));
            List<TableState> states = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.add(new TableState(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
            return states;
        }
    }

    private void maintain(Statement statement, TableState table) throws SQLException {
        String work = work(table, properties);
        if (work != null) {
            run(statement, work, table);
        }
    }

    /** What a table needs, by its counters: a vacuum that analyzes it too, an analysis, or nothing (null). */
    static String work(TableState table, Properties bounds) {
        if (table.dead() > bounds.vacuumDeadRows() + bounds.vacuumFraction() * table.live()) {
            return "vacuum (analyze) " + table.name();
        }
        // the outbox's rows are each changed twice, so it would pass the analysis bound at every run; the vacuums
        // analyze it often enough
        if (!table.name().equals("outbox")
                && table.modifiedSinceAnalyze() > bounds.analyzeRows() + bounds.analyzeFraction() * table.live()) {
            return "analyze " + table.name();
        }
        return null;
    }

    private static void run(Statement statement, String sql, TableState table) throws SQLException {
        long started = System.nanoTime();
        statement.execute(sql);
        log.info("{}: {} ms ({} live rows, {} dead, {} changed since the last analysis)", sql,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), table.live(), table.dead(),
                table.modifiedSinceAnalyze());
    }
}
