package dev.holdfast.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param adminToken               the admin bearer token ({@code HOLDFAST_ADMIN_TOKEN}); required
 * @param rateLimitPerSecond       commands a user may submit per second; 0 turns the limit off
 * @param commandPartitions        partitions of {@code reservation-commands} when the gateway creates it
 * @param replicationFactor        replication factor of the topic when the gateway creates it
 * @param pendingRequestRetention  how long the gateway remembers a submitted request that has no outcome yet
 * @param outcomeRecheckInterval   how often waiters re-read outcomes when no notification came (a safety net)
 */
@ConfigurationProperties("holdfast.gateway")
public record GatewayProperties(String adminToken, int rateLimitPerSecond, int commandPartitions,
                                short replicationFactor, Duration pendingRequestRetention,
                                Duration outcomeRecheckInterval) {

    public GatewayProperties {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalStateException("set HOLDFAST_ADMIN_TOKEN: the gateway needs an admin token");
        }
    }
}
