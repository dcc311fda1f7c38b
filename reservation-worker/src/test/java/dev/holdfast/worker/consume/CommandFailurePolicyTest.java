package dev.holdfast.worker.consume;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures that pass are retried without end; failures a command causes every time end on the dead-letter topic. */
class CommandFailurePolicyTest {

    @Test
    void theDatabaseAwayOrADeadlockPasses() {
        assertThat(CommandFailurePolicy.isTransient(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(CommandFailurePolicy.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(CommandFailurePolicy.isTransient(new CannotAcquireLockException("deadlock"))).isTrue();
        assertThat(CommandFailurePolicy.isTransient(new IllegalStateException("wrapped",
                new ConnectException("refused")))).isTrue();
    }

    @Test
    void aConstraintOrABugFailsEveryTime() {
        assertThat(CommandFailurePolicy.isTransient(new DataIntegrityViolationException("fk"))).isFalse();
        assertThat(CommandFailurePolicy.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(CommandFailurePolicy.isTransient(new NullPointerException())).isFalse();
    }

    @Test
    void aClassifiedFailureKeepsItsClassWhateverItWraps() {
        RuntimeException outage = CommandFailurePolicy.classified(new DataAccessResourceFailureException("down"));
        RuntimeException constraint = CommandFailurePolicy.classified(new DataIntegrityViolationException("fk"));

        assertThat(outage).isInstanceOf(CommandFailurePolicy.TransientFailure.class);
        assertThat(constraint).isInstanceOf(CommandFailurePolicy.PermanentFailure.class);
        assertThat(CommandFailurePolicy.isTransient(new IllegalStateException("wrapped", outage))).isTrue();
        assertThat(CommandFailurePolicy.isTransient(new IllegalStateException("wrapped", constraint))).isFalse();
    }
}
