package dev.holdfast.worker.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param sweepInterval how often the sweeper looks for rows left behind
 * @param sweepAge      rows younger than this are left to the relay of the batch that wrote them
 */
@ConfigurationProperties("holdfast.outbox")
record OutboxProperties(Duration sweepInterval, Duration sweepAge) {
}
