package dev.holdfast.gateway.reservation;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReserveCommand;
import com.github.benmanes.caffeine.cache.Cache;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandEndpoint;
import dev.holdfast.gateway.command.CommandOptions;
import dev.holdfast.gateway.command.CommandPipeline;
import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.read.ReservationDocument;
import dev.holdfast.gateway.validation.RequestValidator;
import dev.holdfast.gateway.validation.Text;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
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

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reservations", description = "Hold tickets, then purchase, extend or cancel the hold")
class ReservationController {

    /** A reserve's success: 201 with the new hold. */
    private static final CommandPipeline.Success HELD = outcome -> ResponseEntity
            .created(URI.create("/api/reservations/" + outcome.reservationId())).body(outcome.reservation());
    /** A purchase's, cancel's or extension's success: 200 with the reservation as it is now. */
    private static final CommandPipeline.Success CHANGED = outcome -> ResponseEntity.ok(outcome.reservation());

    /**
     * {@code seats}, {@code adjacent} and {@code accessible} are for seated sections only; what the event can give is
     * {@code EventShape.reserve}'s to say.
     */
    @SeatPick
    record ReserveBody(@Schema(description = "1 to 100; with `seats`, their number (the default)")
                       @Range(min = 1, max = 100, message = RequestValidator.BETWEEN) Integer quantity,
                       String section,
                       @Schema(description = "Seated sections: exactly these seats (1 to 100 ids such as `A-12`)")
                       List<String> seats,
                       @Schema(description = "Seated sections, best available: side by side in one row (default "
                               + "true); false takes the best split") Boolean adjacent,
                       @Schema(description = "Seated sections, best available: wheelchair places only (default "
                               + "false)") Boolean accessible) {
    }

    record PurchaseBody(@Text(max = 64) String paymentReference) {
    }

    /** The query of a list of reservations. */
    record ListQuery(@Pattern(regexp = "held|purchased|cancelled|expired",
                             message = "must be one of held, purchased, cancelled, expired") String status,
                     @Range(min = 1, max = 1000, message = RequestValidator.BETWEEN) int limit) {
    }

    record ReservationList(List<ReservationDocument> items) {
    }

    private final EventCatalog catalog;
    private final CommandPipeline commands;
    private final ReservationRepository reservations;
    /** Owner and event of a reservation never change, so purchase, extend and cancel read them once. */
    private final Cache<UUID, ReservationRepository.Ownership> owners;
    private final RequestValidator validator;

    ReservationController(EventCatalog catalog, CommandPipeline commands, ReservationRepository reservations,
                          CacheProperties caches, RequestValidator validator) {
        this.catalog = catalog;
        this.commands = commands;
        this.reservations = reservations;
        this.owners = caches.reservationOwners().builder().build();
        this.validator = validator;
    }

    @Operation(operationId = "reserve", summary = "Reserve tickets (a command)", description = """
            Holds `quantity` tickets of a section for the event's `holdSeconds`. User token. In a seated section, \
            either best available (optional `adjacent`, default true: side by side in one row, else rejected \
            `no_adjacent_seats`; `false` takes the best split; optional `accessible: true` for wheelchair places \
            only) or a pick: `seats` (1 to 100 ids such as `A-12`, all or nothing, rejected `seats_unavailable` \
            with the problem's `unavailableSeats`); `quantity` then defaults to the number of seats and must equal \
            it. `seats`, `adjacent` and `accessible` are a 422 in a general-admission section, and `seats` with \
            either of the others is a 422.""")
    @CommandEndpoint(success = 201, body = ReservationDocument.class, rejections = {Rejection.SOLD_OUT,
            Rejection.LIMIT_EXCEEDED, Rejection.NO_ADJACENT_SEATS, Rejection.SEATS_UNAVAILABLE})
    @PostMapping("/api/events/{eventId}/reservations")
    void reserve(Caller caller, @PathVariable long eventId,
                 @RequestBody(required = false) ReserveBody body,
                 CommandOptions options) {
        long userId = caller.requireUser();
        ReserveBody asked = body == null ? new ReserveBody(null, null, null, null, null) : body;
        var reserve = catalog.require(eventId).reserve(asked.quantity(), asked.section(), asked.seats(),
                asked.adjacent(), asked.accessible(), validator.validate(asked));
        // a general-admission reserve carries null seat fields, so its fingerprint is what it was before seats
        commands.submit(caller, options, CommandType.RESERVE, eventId, (requestId, submittedAt) ->
                new ReserveCommand(requestId, eventId, userId, reserve.section(), reserve.quantity(), submittedAt,
                        reserve.seats(), reserve.adjacent(), reserve.accessible()), HELD);
    }

    @Operation(operationId = "getReservation", summary = "Read one of your reservations")
    @ProblemResponses({"unauthorized", "forbidden", "not_found", "validation_failed", "unavailable"})
    @GetMapping("/api/reservations/{reservationId}")
    ReservationDocument get(Caller caller, @PathVariable UUID reservationId) {
        return reservations.find(reservationId, caller.requireUser())
                .orElseThrow(() -> notFound(reservationId));
    }

    @Operation(operationId = "listReservations", summary = "List your reservations, newest first")
    @ProblemResponses({"unauthorized", "forbidden", "validation_failed", "unavailable"})
    @GetMapping("/api/reservations")
    ReservationList list(Caller caller, @RequestParam(required = false) Long eventId,
                         @RequestParam(required = false) String status,
                         @RequestParam(defaultValue = "100") int limit) {
        long userId = caller.requireUser();
        validator.requireValid(new ListQuery(status, limit));
        return new ReservationList(reservations.list(userId, eventId, status, limit));
    }

    @Operation(operationId = "purchase", summary = "Purchase a hold (a command)")
    @CommandEndpoint(success = 200, body = ReservationDocument.class, rejections = {Rejection.HOLD_EXPIRED, Rejection.ALREADY_PURCHASED, Rejection.NOT_HELD})
    @PostMapping("/api/reservations/{reservationId}/purchase")
    void purchase(Caller caller, @PathVariable UUID reservationId,
                  @RequestBody(required = false) PurchaseBody body,
                  CommandOptions options) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        PurchaseBody purchase = body == null ? new PurchaseBody(null) : body;
        validator.requireValid(purchase);
        String paymentReference = purchase.paymentReference();
        commands.submit(caller, options, CommandType.PURCHASE, owner.eventId(), (requestId, submittedAt) ->
                new PurchaseCommand(requestId, owner.eventId(), userId, reservationId, paymentReference,
                        submittedAt), CHANGED);
    }

    @Operation(operationId = "cancel",
            summary = "Cancel a hold (a command)", description = "The tickets go back to the section, or to its waiting list.")
    @CommandEndpoint(success = 200, body = ReservationDocument.class, rejections = {Rejection.NOT_HELD})
    @DeleteMapping("/api/reservations/{reservationId}")
    void cancel(Caller caller, @PathVariable UUID reservationId,
                CommandOptions options) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        commands.submit(caller, options, CommandType.CANCEL, owner.eventId(), (requestId, submittedAt) ->
                new CancelCommand(requestId, owner.eventId(), userId, reservationId, submittedAt), CHANGED);
    }

    @Operation(operationId = "extend",
            summary = "Extend a hold (a command)", description = "expiresAt becomes the time the command is applied plus holdSeconds; at most maxHoldExtensions times.")
    @CommandEndpoint(success = 200, body = ReservationDocument.class, rejections = {Rejection.HOLD_EXPIRED, Rejection.NOT_HELD, Rejection.EXTENSION_LIMIT})
    @PostMapping("/api/reservations/{reservationId}/extend")
    void extend(Caller caller, @PathVariable UUID reservationId,
                CommandOptions options) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        commands.submit(caller, options, CommandType.EXTEND, owner.eventId(), (requestId, submittedAt) ->
                new ExtendCommand(requestId, owner.eventId(), userId, reservationId, submittedAt), CHANGED);
    }

    private ReservationRepository.Ownership ownedReservation(UUID reservationId, long userId) {
        ReservationRepository.Ownership owner = owners.get(reservationId,
                id -> reservations.ownership(id).orElse(null));
        if (owner == null || owner.userId() != userId) {
            throw notFound(reservationId);
        }
        return owner;
    }

    private static ApiException notFound(UUID reservationId) {
        return ApiException.notFound("no reservation " + reservationId);
    }
}
