package dev.holdfast.gateway.page;

import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The live page of one event: the same static HTML for every event, whose script reads the id from the path and
 * draws the event from its stream. Its CSS and script are static resources under {@code /live/}.
 */
@Controller
class LivePageController {

    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");
    /** Everything from this gateway, nothing from other hosts (the page must work offline). */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final EventCatalog catalog;
    private final Resource page = new ClassPathResource("page/event.html");

    LivePageController(EventCatalog catalog) {
        this.catalog = catalog;
    }

    /** Any path that is not an event id answers 404, as an unknown event does (the page is not part of the API). */
    @GetMapping("/events/{eventId}")
    ResponseEntity<Resource> page(@PathVariable String eventId) {
        long id = EVENT_ID.matcher(eventId).matches() ? Long.parseLong(eventId) : 0;
        if (id <= 0) {
            throw ApiException.notFound("no event " + eventId);
        }
        catalog.require(id);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(page);
    }
}
