package dev.holdfast.gateway.event;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Event shapes for the submit path, cached (bounded, least-used evicted first: {@code holdfast.gateway.caches.events}).
 * Only events that exist are cached, since another gateway instance may create one at any moment. Section codes and
 * {@code maxTicketsPerUser} never change; a section's capacity may, so a shape is re-read in the background once it
 * is {@code refresh-after-write} old, while requests go on with the shape they have (and keep it while the database
 * is away). A capacity a few seconds stale only decides whether a waiting-list join is refused early: the worker
 * applies the join against the capacity of the moment.
 */
@Component
public class EventCatalog {

    private final LoadingCache<Long, EventShape> shapes;

    EventCatalog(EventRepository events, CacheProperties caches) {
        // re-reads block on JDBC; two threads of their own, so they never take the common pool's one or two
        ExecutorService refreshes = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "event-catalog-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.shapes = caches.events().builder().executor(refreshes)
                .build(eventId -> events.shape(eventId).orElse(null));
    }

    /** @throws ApiException 404 when there is no such event */
    public EventShape require(long eventId) {
        EventShape shape = shapes.get(eventId);
        if (shape == null) {
            throw ApiException.notFound("no event " + eventId);
        }
        return shape;
    }
}
