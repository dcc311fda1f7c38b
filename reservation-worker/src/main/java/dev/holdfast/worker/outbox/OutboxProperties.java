package dev.holdfast.worker.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param sweepInterval how often the sweeper looks for rows left behind
 * @param sweepAge      rows younger than this are left to the relay of the batch that wrote them
 * @param vacuumDeadRows the sweeper vacuums the outbox when PostgreSQL's statistics count more dead rows than this
 *                       (where autovacuum is off or behind)
 */
@ConfigurationProperties("holdfast.outbox")
record OutboxProperties(Duration sweepInterval, Duration sweepAge, long vacuumDeadRows) {
}
