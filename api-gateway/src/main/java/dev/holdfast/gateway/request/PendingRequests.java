package dev.holdfast.gateway.request;

import dev.holdfast.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands this gateway instance has appended to the log whose outcome is not written yet. The submit path does no
 * database write, so this is what lets {@code GET /api/requests/{id}} answer {@code pending} instead of 404 in the
 * short time before the worker applies the command. A sweep drops entries whose outcome has been written, so memory
 * follows the worker's backlog rather than the request rate; the retention is a backstop for outcomes that never
 * come.
 */
@Component
class PendingRequests {

    private static final int SWEEP_CHUNK = 5_000;

    private final Map<UUID, PendingRequest> pending = new ConcurrentHashMap<>();
    private final GatewayProperties properties;
    private final RequestRepository requests;
    private final Clock clock;

    PendingRequests(GatewayProperties properties, RequestRepository requests, MeterRegistry meters) {
        this.properties = properties;
        this.requests = requests;
        Gauge.builder("holdfast.gateway.requests.pending", pending, Map::size)
                .description("requests this gateway appended whose outcome it has not seen written yet")
                .register(meters);
        this.clock = Clock.systemUTC();
    }

    /** Remembers the request unless its id is pending already; @return the request pending under that id before */
    PendingRequest claim(PendingRequest request) {
        return pending.putIfAbsent(request.requestId(), request);
    }

    Optional<PendingRequest> find(UUID requestId) {
        return Optional.ofNullable(pending.get(requestId));
    }

    /** Forgets the request, if it is still the one pending under its id. */
    void forget(PendingRequest request) {
        pending.remove(request.requestId(), request);
    }

    @Scheduled(fixedDelay = 2_000)
    void dropCompleted() {
        Instant now = clock.instant();
        Instant retention = now.minus(properties.pendingRequestRetention());
        pending.values().removeIf(request -> request.submittedAt().isBefore(retention));
        Instant settled = now.minusSeconds(1);
        List<UUID> candidates = pending.values().stream()
                .filter(request -> request.submittedAt().isBefore(settled))
                .map(PendingRequest::requestId)
                .toList();
        for (int from = 0; from < candidates.size(); from += SWEEP_CHUNK) {
            List<UUID> chunk = candidates.subList(from, Math.min(candidates.size(), from + SWEEP_CHUNK));
            requests.completedIds(chunk).forEach(pending::remove);
        }
    }
}
