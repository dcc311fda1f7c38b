package dev.holdfast.gateway.waitlist;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandEndpoint;
import dev.holdfast.gateway.command.CommandOptions;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.read.WaitlistEntryDocument;
import dev.holdfast.gateway.validation.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Waiting lists: join, read, list and leave. Joining and leaving are commands, like every change of inventory. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Waiting list", description = "Wait for tickets of a sold-out section, first come first served")
class WaitlistController {

    /** A join's success: 201 with the entry (offered at once when nobody waited and tickets were there). */
    private static final CommandPipeline.Success JOINED = outcome -> ResponseEntity
            .created(URI.create("/api/waitlist/" + outcome.waitlistEntryId())).body(outcome.waitlistEntry());
    /** A leave's success: 200 with the entry, now left. */
    private static final CommandPipeline.Success LEFT = outcome -> ResponseEntity.ok(outcome.waitlistEntry());

    /** The quantity's other bounds (a section's capacity, the event's limit) are {@code EventShape}'s. */
    record JoinBody(@Range(min = 1, max = 100, message = RequestValidator.BETWEEN) Integer quantity, String section) {
    }

    /** The query of a list of entries. */
    record ListQuery(@Pattern(regexp = "waiting|offered|left", message = "must be one of waiting, offered, left")
                     String status,
                     @Range(min = 1, max = 1000, message = RequestValidator.BETWEEN) int limit) {
    }

    record EntryList(List<WaitlistEntryDocument> items) {
    }

    private final EventCatalog catalog;
    private final CommandPipeline commands;
    private final WaitlistRepository entries;
    private final RequestValidator validator;

    WaitlistController(EventCatalog catalog, CommandPipeline commands, WaitlistRepository entries,
                       RequestValidator validator) {
        this.catalog = catalog;
        this.commands = commands;
        this.entries = entries;
        this.validator = validator;
    }

    @Operation(operationId = "joinWaitlist",
            summary = "Join a section's waiting list (a command)", description = "Offered at once when nobody waits and enough tickets are available. A `quantity` that could never be offered (more than the section's capacity, or more than the event's `maxTicketsPerUser`) is refused with 422 `validation_failed` on `quantity`.")
    @CommandEndpoint(success = 201, body = WaitlistEntryDocument.class, rejections = {Rejection.ALREADY_WAITING, Rejection.LIMIT_EXCEEDED,
            Rejection.SOLD_OUT})
    @PostMapping("/api/events/{eventId}/waitlist")
    void join(Caller caller, @PathVariable long eventId,
              @RequestBody(required = false) JoinBody body,
              CommandOptions options) {
        long userId = caller.requireUser();
        JoinBody asked = body == null ? new JoinBody(null, null) : body;
        var tickets = catalog.require(eventId).waitingListTickets(asked.quantity(), asked.section(),
                validator.validate(asked));
        commands.submit(caller, options, CommandType.WAITLIST_JOIN, eventId, (requestId, submittedAt) ->
                new JoinWaitlistCommand(requestId, eventId, userId, tickets.section(), tickets.quantity(),
                        submittedAt), JOINED);
    }

    @Operation(operationId = "getWaitlistEntry", summary = "Read one of your waiting-list entries, with its position")
    @ProblemResponses({"unauthorized", "forbidden", "not_found", "validation_failed", "unavailable"})
    @GetMapping("/api/waitlist/{entryId}")
    WaitlistEntryDocument get(Caller caller, @PathVariable UUID entryId) {
        return entries.find(entryId, caller.requireUser()).orElseThrow(() -> notFound(entryId));
    }

    @Operation(operationId = "listWaitlistEntries", summary = "List your waiting-list entries, newest first")
    @ProblemResponses({"unauthorized", "forbidden", "validation_failed", "unavailable"})
    @GetMapping("/api/waitlist")
    EntryList list(Caller caller, @RequestParam(required = false) Long eventId,
                   @RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit) {
        long userId = caller.requireUser();
        validator.requireValid(new ListQuery(status, limit));
        return new EntryList(entries.list(userId, eventId, status, limit));
    }

    @Operation(operationId = "leaveWaitlist", summary = "Leave a waiting list (a command)")
    @CommandEndpoint(success = 200, body = WaitlistEntryDocument.class, rejections = {Rejection.NOT_WAITING})
    @DeleteMapping("/api/waitlist/{entryId}")
    void leave(Caller caller, @PathVariable UUID entryId,
               CommandOptions options) {
        long userId = caller.requireUser();
        WaitlistRepository.Ownership owner = entries.ownership(entryId)
                .filter(found -> found.userId() == userId)
                .orElseThrow(() -> notFound(entryId));
        commands.submit(caller, options, CommandType.WAITLIST_LEAVE, owner.eventId(), (requestId, submittedAt) ->
                new LeaveWaitlistCommand(requestId, owner.eventId(), userId, entryId, submittedAt), LEFT);
    }

    private static ApiException notFound(UUID entryId) {
        return ApiException.notFound("no waiting-list entry " + entryId);
    }
}
