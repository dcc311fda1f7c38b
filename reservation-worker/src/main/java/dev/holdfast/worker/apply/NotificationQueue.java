package dev.holdfast.worker.apply;

import dev.holdfast.contracts.OutcomeChannel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches PostgreSQL's queue of notifications ({@code pg_notification_queue_usage()}), which keeps every notification
 * until the slowest listening session has read it. A listener that stops reading but keeps its connection (a frozen
 * gateway) makes it grow, and once it is full every transaction that notifies fails at commit: the worker could then
 * apply nothing. Outcomes carried whole ({@link OutcomeChannel}) take about 600 bytes each, ids alone 37; so past
 * {@link #CARRY_BELOW} of the queue (2 GB of a default 8 GB) the batches announce outcomes by id alone, which fills
 * it 16 times slower and leaves hours to find the stuck listener, and carry them again once it has drained. Gateways
 * read what is announced by id, so nothing else changes. {@code holdfast.worker.notify.queue.usage} shows the share.
 */
@Component
public class NotificationQueue {

    /** The share of the queue past which outcomes go by id alone. */
    static final double CARRY_BELOW = 0.25;

    private static final Logger log = LoggerFactory.getLogger(NotificationQueue.class);

    private final JdbcTemplate jdbc;
    private volatile double usage;

    NotificationQueue(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("holdfast.worker.notify.queue.usage", this, queue -> queue.usage)
                .description("the share of PostgreSQL's notification queue in use: notifications some listening "
                        + "session has not read yet").register(meters);
    }

    /** Whether the batches may carry outcomes whole: the queue is not filling up behind a listener. */
    public boolean carriesOutcomes() {
        return usage < CARRY_BELOW;
    }

    @Scheduled(fixedDelayString = "${holdfast.maintenance.interval}")
    void check() {
        try {
            Double read = jdbc.queryForObject("select pg_notification_queue_usage()", Double.class);
            observe(read == null ? 0 : read);
        } catch (RuntimeException e) {
            log.warn("cannot read the notification queue's usage: {}", e.getMessage());
        }
    }

    /** Takes a reading of the queue's usage, and says when outcomes stop or start again to travel whole. */
    void observe(double share) {
        boolean carried = carriesOutcomes();
        usage = share;
        if (carried && !carriesOutcomes()) {
            log.warn("PostgreSQL's notification queue is {} % full: a listening session (a gateway) is not reading its "
                    + "notifications; outcomes are announced by id alone until it is below {} %",
                    Math.round(share * 100), Math.round(CARRY_BELOW * 100));
        } else if (!carried && carriesOutcomes()) {
            log.info("PostgreSQL's notification queue is {} % full: outcomes travel whole again",
                    Math.round(share * 100));
        }
    }
}
