package dev.holdfast.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param adminToken               the admin bearer token ({@code HOLDFAST_ADMIN_TOKEN}); required
 * @param rateLimitPerSecond       commands a user may submit per second; 0 turns the limit off
 * @param requestIdSecret          the key of the MAC in request ids ({@code HOLDFAST_REQUEST_ID_SECRET}), the same on
 *                                 every gateway; empty: a random key, and ids answer pending on this instance only
 * @param pendingRequestRetention  how long a request id without an outcome answers {@code pending}
 * @param outcomeRecheckInterval   how often waiters re-read outcomes when no notification came (a safety net)
 * @param workerGroupId            the reservation workers' consumer group, whose offsets tell a request's position
 * @param positionCacheTime        how long the workers' applied offsets are reused for positions
 * @param commandLogAckTimeout     the outer bound of an append's wait: past the producer's delivery.timeout.ms, so
 *                                 that a 503 normally waits for the producer to give up (then: not appended)
 * @param pollRateLimitPerSecond   request-document reads ({@code GET /api/requests/{id}}) a user may make per second;
 *                                 0 turns the limit off
 * @param maxLongPollsPerUser      long-polls ({@code ?wait=N}) one user may have open at once on one gateway
 * @param streams                  caps and write timeout of the live availability streams
 */
@ConfigurationProperties("holdfast.gateway")
public record GatewayProperties(String adminToken, String requestIdSecret, int rateLimitPerSecond,
                                Duration pendingRequestRetention,
                                Duration outcomeRecheckInterval, String workerGroupId, Duration positionCacheTime,
                                Duration commandLogAckTimeout, int pollRateLimitPerSecond,
                                int maxLongPollsPerUser, Streams streams) {

    /**
     * Live availability streams ({@code GET /api/events/{id}/stream}).
     *
     * @param perAddress   streams one client address may have open on one gateway ({@code HOLDFAST_STREAMS_PER_ADDRESS})
     * @param perGateway   streams one gateway serves at once ({@code HOLDFAST_STREAMS_PER_GATEWAY}; API.md: at least
     *                     1,000)
     * @param writeTimeout how long a stream may take no bytes (a client that does not read) before it is closed
     */
    public record Streams(int perAddress, int perGateway, Duration writeTimeout) {
    }

    public GatewayProperties {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalStateException("set HOLDFAST_ADMIN_TOKEN: the gateway needs an admin token");
        }
    }
}
