package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.ApiException;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event existence and section codes for the submit path, cached: they never change once an event exists. Only
 * positive answers are cached, since another gateway instance may create an event at any moment.
 */
@Component
public class EventCatalog {

    private static final int MAX_CACHED_EVENTS = 100_000;

    private final EventRepository events;
    private final Map<Long, EventShape> shapes = new ConcurrentHashMap<>();

    EventCatalog(EventRepository events) {
        this.events = events;
    }

    /** @throws ApiException 404 when there is no such event */
    public EventShape require(long eventId) {
        EventShape cached = shapes.get(eventId);
        if (cached != null) {
            return cached;
        }
        EventShape shape = events.shape(eventId)
                .orElseThrow(() -> ApiException.notFound("no event " + eventId));
        if (shapes.size() < MAX_CACHED_EVENTS) {
            shapes.put(eventId, shape);
        }
        return shape;
    }
}
