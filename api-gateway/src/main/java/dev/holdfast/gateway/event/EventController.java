package dev.holdfast.gateway.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandEndpoint;
import dev.holdfast.gateway.command.CommandOptions;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.validation.RequestValidator;
import dev.holdfast.gateway.validation.Text;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.Errors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Events", description = "Events, their sections and live availability")
class EventController {

    private static final int MAX_SECTIONS = 100;
    private static final int MAX_CAPACITY = 10_000_000;

    /**
     * A general-admission section ({@code capacity}) or a seated one ({@code seating}); which of the two, and the
     * seat map's rules, are {@link #validSection}'s and {@link SeatingRules}'.
     */
    record CreateSection(@NotNull(message = RequestValidator.REQUIRED)
                         @Pattern(regexp = "[a-z0-9_-]{1,32}", message = "must match {regexp}") String code,
                         @Text(max = 100) String name,
                         @Schema(description = "General admission: 0 to 10,000,000 tickets")
                         @Range(min = 0, max = MAX_CAPACITY, message = RequestValidator.BETWEEN) Integer capacity,
                         @Schema(description = "Seated: the seat map; the capacity is its seats not blocked")
                         SeatingRules.Seating seating) {
    }

    /** The event's own fields; {@code capacity} or {@code sections} is {@link #validSections}'s to judge. */
    record CreateEvent(@NotNull(message = RequestValidator.REQUIRED) @Text(max = 200) String name, Instant startsAt,
                       @Range(min = 1, max = 86_400, message = RequestValidator.BETWEEN) Integer holdSeconds,
                       @Range(min = 1, max = 10_000, message = RequestValidator.BETWEEN) Integer maxTicketsPerUser,
                       @Range(min = 0, max = 10, message = RequestValidator.BETWEEN) Integer maxHoldExtensions,
                       @Range(min = 0, max = MAX_CAPACITY, message = RequestValidator.BETWEEN) Integer capacity,
                       List<CreateSection> sections) {
    }

    /** A page of the list of events, as its query asks for it. */
    record PageQuery(@Range(min = 1, max = 200, message = RequestValidator.BETWEEN) int limit,
                     @Min(value = 0, message = "must be 0 or more") long afterId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventPage(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<EventDocument> items,
                     @Schema(description = "The `afterId` of the next page; absent on the last page")
                     Long nextAfterId) {
    }

    record CapacityBody(@NotNull(message = RequestValidator.REQUIRED)
                        @Range(min = 0, max = MAX_CAPACITY, message = RequestValidator.BETWEEN) Integer capacity) {
    }

    private final EventRepository events;
    private final EventCatalog catalog;
    private final CommandPipeline commands;
    private final EventStreams streams;
    private final RequestValidator validator;

    EventController(EventRepository events, EventCatalog catalog, CommandPipeline commands, EventStreams streams,
                    RequestValidator validator) {
        this.events = events;
        this.catalog = catalog;
        this.commands = commands;
        this.streams = streams;
        this.validator = validator;
    }

    @Operation(operationId = "createEvent", summary = "Create an event (admin)", description = """
            Either `capacity` (one section named general) or `sections`. A section has either a `capacity` (general \
            admission) or a `seating` map (reserved seating: `rows` front to back, each with its `row` label, \
            `seats` and optional `aisleAfter`; `accessible` places and `blocked` seats by id such as `A-12`); a \
            seated section's capacity is its number of seats that are not blocked.""")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location",
            description = "/api/events/{id}", schema = @Schema(type = "string")))
    @ProblemResponses({"unauthorized", "forbidden", "validation_failed", "unavailable"})
    @PostMapping("/api/events")
    ResponseEntity<EventDocument> create(Caller caller, @RequestBody(required = false) CreateEvent body) {
        caller.requireAdmin();
        if (body == null) {
            throw ApiException.validation("body", "is required");
        }
        List<EventRepository.NewSection> sections = validSections(body);
        long id = events.create(body.name().strip(), body.startsAt(),
                body.holdSeconds() == null ? 300 : body.holdSeconds(), body.maxTicketsPerUser(),
                body.maxHoldExtensions() == null ? 0 : body.maxHoldExtensions(), sections);
        EventDocument created = events.find(id).orElseThrow();
        return ResponseEntity.created(URI.create("/api/events/" + id)).body(created);
    }

    @Operation(operationId = "getEvent", summary = "Read an event and its counters (public)")
    @ProblemResponses({"not_found", "validation_failed", "unavailable"})
    @GetMapping("/api/events/{eventId}")
    EventDocument get(@PathVariable long eventId) {
        return events.find(eventId).orElseThrow(() -> ApiException.notFound("no event " + eventId));
    }

    /**
     * Live availability: the event document at once, then after every committed change (coalesced to 100 ms). The
     * response is written by {@link EventStreams} without blocking, outside Spring MVC's return value handling.
     */
    @Operation(operationId = "watchEvent",
            summary = "Watch an event's availability live (Server-Sent Events, public)", description = """
            First `event: availability` with the event document, then one after each committed change (at most one \
            per 100 ms), and `: keep-alive` comments at least every 15 s. After an availability message, one \
            `event: seats` per seated section whose seats changed since the previous one: \
            `{"section": "stalls", "seats": {"A-11": "H"}}`, each changed seat with its latest letter (`A`, `H`, \
            `S`, `B`); read the whole map from `GET .../sections/{code}/seats`. A client that falls more than 4 MB \
            of seat messages behind is disconnected (reconnect, then read the map again). \
            Open streams are capped per client address \
            (20 by default) and per gateway instance (2,000 by default): past either cap a new stream is answered \
            `429 rate_limited` with `Retry-After`. A client that takes no bytes for 30 s is disconnected; one that \
            reads slowly skips to the latest document.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ProblemResponses({"not_found", "validation_failed", "rate_limited"})
    @GetMapping(value = "/api/events/{eventId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void stream(@PathVariable long eventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        streams.watch(eventId, request, response);
    }

    @Operation(operationId = "listEvents",
            summary = "List events (public)", description = "Pages by id: pass the previous page's `nextAfterId` as `afterId`.")
    @ProblemResponses({"validation_failed", "unavailable"})
    @GetMapping("/api/events")
    EventPage list(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long afterId) {
        validator.requireValid(new PageQuery(limit, afterId));
        List<EventDocument> page = events.page(afterId, limit + 1);
        if (page.size() > limit) {
            List<EventDocument> items = page.subList(0, limit);
            return new EventPage(items, items.get(limit - 1).id());
        }
        return new EventPage(page, null);
    }

    @Operation(operationId = "changeCapacity", summary = "Change a section's capacity (a command, admin)",
            description = "A seated section's capacity follows its seats: changing it is a 422.")
    @CommandEndpoint(success = 200, body = EventDocument.class, rejections = {Rejection.CAPACITY_CONFLICT})
    @PutMapping("/api/events/{eventId}/sections/{code}/capacity")
    void changeCapacity(Caller caller, @PathVariable long eventId,
                        @PathVariable String code,
                        @RequestBody(required = false) CapacityBody body,
                        CommandOptions options) {
        caller.requireAdmin();
        EventShape event = catalog.require(eventId);
        if (!event.hasSection(code)) {
            throw ApiException.notFound("event %d has no section '%s'".formatted(eventId, code));
        }
        if (event.isSeated(code)) {
            throw ApiException.validation("capacity", "section '%s' is seated: its capacity is its number of seats "
                    .formatted(code) + "that are not blocked, and follows its seats");
        }
        CapacityBody change = body == null ? new CapacityBody(null) : body;
        validator.requireValid(change);
        int capacity = change.capacity();
        commands.submit(caller, options, CommandType.CAPACITY, eventId, (requestId, submittedAt) ->
                new ChangeCapacityCommand(requestId, eventId, code, capacity, submittedAt),
                outcome -> ResponseEntity.ok(events.find(outcome.eventId()).orElseThrow()));
    }

    /** The sections of a new event: its one {@code capacity}, or its {@code sections} each valid. */
    private List<EventRepository.NewSection> validSections(CreateEvent body) {
        Errors errors = validator.validate(body);
        List<EventRepository.NewSection> sections = new ArrayList<>();
        if (body.capacity() != null && body.sections() != null) {
            errors.rejectValue("sections", "exclusive", "give either capacity or sections, not both");
        } else if (body.capacity() != null) {
            sections.add(new EventRepository.NewSection("general", "General", body.capacity()));
        } else if (body.sections() == null || body.sections().isEmpty()) {
            errors.rejectValue("sections", "required", "give capacity, or at least one section");
        } else if (body.sections().size() > MAX_SECTIONS) {
            errors.rejectValue("sections", "size", "at most %d sections".formatted(MAX_SECTIONS));
        } else {
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < body.sections().size(); i++) {
                CreateSection section = body.sections().get(i);
                if (section == null) {
                    errors.rejectValue("sections[%d]".formatted(i), "object", "must be an object");
                    continue;
                }
                errors.pushNestedPath("sections[%d]".formatted(i));
                EventRepository.NewSection valid = validSection(section, codes, errors);
                errors.popNestedPath();
                if (valid != null) {
                    sections.add(valid);
                }
            }
        }
        if (errors.hasErrors()) {
            throw ApiException.validation(errors);
        }
        return sections;
    }

    /**
     * A section with a code no section before it has, and either a capacity or a seat map; null once the event has
     * an error, here or before. Its errors are added under the nested path {@code errors} has ({@code sections[0].}).
     */
    private EventRepository.NewSection validSection(CreateSection section, Set<String> codes, Errors errors) {
        validator.validate(section, errors);
        if (section.code() != null && !codes.add(section.code())) {
            errors.rejectValue("code", "duplicate", "duplicates another section's code");
        }
        SeatingRules.Layout seating = null;
        if (section.seating() == null) {
            if (section.capacity() == null) {
                errors.rejectValue("capacity", "required", "is required, or seating for a seated section");
            }
        } else if (section.capacity() != null) {
            errors.rejectValue("seating", "exclusive", "give either capacity or seating, not both: a seated "
                    + "section's capacity is its number of seats");
        } else {
            errors.pushNestedPath("seating");
            seating = SeatingRules.layout(section.seating(), errors);
            errors.popNestedPath();
        }
        if (errors.hasErrors()) {
            return null;
        }
        String name = section.name() == null ? section.code() : section.name().strip();
        return seating == null ? new EventRepository.NewSection(section.code(), name, section.capacity())
                : new EventRepository.NewSection(section.code(), name, seating.capacity(), seating.rows());
    }
}
