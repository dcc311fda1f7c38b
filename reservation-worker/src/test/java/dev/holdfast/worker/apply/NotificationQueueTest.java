package dev.holdfast.worker.apply;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Outcomes travel whole while the notification queue is not filling up behind a listener, and again once it drains. */
class NotificationQueueTest {

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final NotificationQueue queue = new NotificationQueue(jdbc, meters);

    @Test
    void outcomesGoByIdAlonePastAQuarterOfTheQueueAndWholeAgainOnceItDrained() {
        assertThat(queue.carriesOutcomes()).isTrue();

        when(jdbc.queryForObject("select pg_notification_queue_usage()", Double.class)).thenReturn(0.3);
        queue.check();

        assertThat(queue.carriesOutcomes()).isFalse();
        assertThat(meters.get("holdfast.worker.notify.queue.usage").gauge().value()).isEqualTo(0.3);

        when(jdbc.queryForObject("select pg_notification_queue_usage()", Double.class)).thenReturn(0.01);
        queue.check();

        assertThat(queue.carriesOutcomes()).isTrue();
    }

    @Test
    void aFailedReadingKeepsTheLastOne() {
        queue.observe(0.5);
        when(jdbc.queryForObject("select pg_notification_queue_usage()", Double.class))
                .thenThrow(new org.springframework.dao.DataAccessResourceFailureException("down"));

        queue.check();

        assertThat(queue.carriesOutcomes()).isFalse();
    }
}
