package dev.holdfast.worker.apply;

import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Table maintenance against a real PostgreSQL, with bounds that every table passes: the outbox and the reservations
 * are vacuumed and the applier's tables analyzed, as PostgreSQL's own counters then report. (Which bound calls for
 * which work: TableMaintenanceTest.)
 */
@SpringBootTest(classes = ReservationWorkerApplication.class, properties = {
        "spring.config.name=reservation-worker",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.admin.auto-create=false",
        "holdfast.maintenance.interval=1h",
        // every table passes: more dead rows than -1 + 0 × its live rows
        "holdfast.maintenance.vacuum-dead-rows=-1",
        "holdfast.maintenance.vacuum-fraction=0",
        "server.port=0"})
class TableMaintenanceIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    TableMaintenance maintenance;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theTablesAreVacuumedAndAnalyzedPastTheirBounds() {
        long vacuums = count("vacuum_count", "outbox");
        long reservationVacuums = count("vacuum_count", "reservations");
        long analyses = count("analyze_count", "requests");

        // another context's maintenance in this JVM may hold the lock at a given moment (then a call does nothing):
        // call until PostgreSQL's statistics report the vacuum and the analysis
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            maintenance.maintain();
            return count("vacuum_count", "outbox") > vacuums
                    && count("vacuum_count", "reservations") > reservationVacuums
                    && count("analyze_count", "requests") > analyses;
        });
    }

    private long count(String column, String table) {
        return jdbc.queryForObject("select " + column + " from pg_stat_user_tables where relid = to_regclass(?)",
                Long.class, table);
    }
}
