package dev.holdfast.worker.apply;

import dev.holdfast.worker.apply.TableMaintenance.Properties;
import dev.holdfast.worker.apply.TableMaintenance.TableState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which counters call for which work: the bounds of reservation-worker.yml. */
class TableMaintenanceTest {

    private static final Properties BOUNDS = new Properties(100_000, 0.2, 10_000, 0.1);

    @Test
    void aTablePastItsDeadRowBoundIsVacuumedAndAnalyzedInOnePass() {
        // 100,000 + 20 % of 1,000,000 = 300,000
        assertThat(TableMaintenance.work(new TableState("reservations", 1_000_000, 300_001, 0), BOUNDS))
                .isEqualTo("vacuum (analyze) reservations");
        assertThat(TableMaintenance.work(new TableState("reservations", 1_000_000, 300_000, 0), BOUNDS)).isNull();
    }

    @Test
    void theOutboxIsVacuumedPastItsDeadRowsAndNeverOnlyAnalyzed() {
        // 100,000 + 20 % of 200 = 100,040
        assertThat(TableMaintenance.work(new TableState("outbox", 200, 100_041, 200_000), BOUNDS))
                .isEqualTo("vacuum (analyze) outbox");
        assertThat(TableMaintenance.work(new TableState("outbox", 200, 50_000, 200_000), BOUNDS)).isNull();
    }

    @Test
    void aTableWhoseRowsChangedPastTheBoundIsAnalyzed() {
        // 10,000 + 10 % of 500,000 = 60,000
        assertThat(TableMaintenance.work(new TableState("requests", 500_000, 0, 60_001), BOUNDS))
                .isEqualTo("analyze requests");
        assertThat(TableMaintenance.work(new TableState("requests", 500_000, 0, 60_000), BOUNDS)).isNull();
    }
}
