package dev.holdfast.expiry;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param batchSize         due holds read and released per scan
 * @param republishAfter    a hold published for release is not published again before this, unless still held
 */
@ConfigurationProperties("holdfast.expiry")
record ExpiryProperties(int batchSize, Duration republishAfter) {
}
