package dev.holdfast.expiry;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param batchSize         due holds read and released per scan
 * @param rescanAfter       how often the scan starts again from the oldest due hold, to publish again any hold
 *                          still held whose release was skipped or lost
 */
@ConfigurationProperties("holdfast.expiry")
record ExpiryProperties(int batchSize, Duration rescanAfter) {
}
