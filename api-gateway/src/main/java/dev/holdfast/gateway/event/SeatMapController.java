package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seat map of a seated section: who may sit where, read whole; the stream sends what changes after. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Events", description = "Events, their sections and live availability")
class SeatMapController {

    private final EventCatalog catalog;
    private final SeatMaps seatMaps;

    SeatMapController(EventCatalog catalog, SeatMaps seatMaps) {
        this.catalog = catalog;
        this.seatMaps = seatMaps;
    }

    /**
     * Answers with an {@code ETag}; Spring MVC answers {@code 304} to an {@code If-None-Match} that names it. The
     * response may be revalidated, not reused unasked ({@code Cache-Control: no-cache}): seats change all the time.
     */
    @Operation(operationId = "getSeatMap", summary = "Read a seated section's seat map (public)", description = """
            One character per seat, rows front to back and seats in number order: `A` available, `H` held, `S` \
            sold, `B` blocked; the counters are of the same moment and equal the characters. `accessible` lists the \
            wheelchair places. The answer carries an `ETag`: `If-None-Match` with the current tag answers 304. The \
            map may be up to 100 ms old; the stream's `event: seats` messages say what changes after. A \
            general-admission section answers 404.""")
    @ApiResponse(responseCode = "200", description = "The seat map", headers = @Header(name = "ETag",
            description = "The map's tag, for If-None-Match", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "304", description = "Not modified: the map still has the tag of If-None-Match",
            headers = @Header(name = "ETag", description = "The map's tag", schema = @Schema(type = "string")))
    @ProblemResponses({"not_found", "validation_failed", "unavailable"})
    @GetMapping("/api/events/{eventId}/sections/{code}/seats")
    ResponseEntity<SeatMapDocument> seats(@PathVariable long eventId, @PathVariable String code) {
        EventShape event = catalog.require(eventId);
        if (!event.hasSection(code)) {
            throw ApiException.notFound("event %d has no section '%s'".formatted(eventId, code));
        }
        if (!event.isSeated(code)) {
            throw ApiException.notFound("section '%s' of event %d is general admission: it has no seat map"
                    .formatted(code, eventId));
        }
        SeatMaps.Tagged map = seatMaps.read(eventId, code).orElseThrow(() -> ApiException.notFound(
                "event %d has no seated section '%s'".formatted(eventId, code)));
        return ResponseEntity.ok().eTag(map.etag()).cacheControl(CacheControl.noCache()).body(map.document());
    }
}
