package dev.holdfast.gateway.reservation;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.event.EventShape;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.Validator;
import dev.holdfast.gateway.request.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

@RestController
class ReservationController {

    private static final Set<String> STATUSES = Set.of("held", "purchased", "cancelled", "expired");
    private static final int MAX_CACHED_OWNERS = 1_000_000;

    record ReserveBody(Integer quantity, String section) {
    }

    record PurchaseBody(String paymentReference) {
    }

    record ReservationList(List<ReservationDocument> items) {
    }

    private final EventCatalog catalog;
    private final CommandGateway commands;
    private final ReservationRepository reservations;
    /** Owner and event of a reservation never change, so purchase and cancel read them once. */
    private final Map<UUID, ReservationRepository.Ownership> owners = new ConcurrentHashMap<>();

    ReservationController(EventCatalog catalog, CommandGateway commands, ReservationRepository reservations) {
        this.catalog = catalog;
        this.commands = commands;
        this.reservations = reservations;
    }

    @PostMapping("/api/events/{eventId}/reservations")
    DeferredResult<ResponseEntity<Object>> reserve(Caller caller, @PathVariable long eventId,
                                                   @RequestBody(required = false) ReserveBody body,
                                                   @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                   @RequestHeader(value = "Prefer", required = false) String prefer) {
        long userId = caller.requireUser();
        EventShape event = catalog.require(eventId);
        int quantity = body == null || body.quantity() == null ? 1 : body.quantity();
        String section = event.sectionOf(body == null ? null : body.section(), new Validator()
                .range("quantity", quantity, 1, 100));
        var admitted = commands.admit(caller, key, CommandType.RESERVE, eventId);
        return commands.submit(new ReserveCommand(admitted.requestId(), eventId, userId, section, quantity, admitted.submittedAt()),
                key != null, prefer);
    }

    @GetMapping("/api/reservations/{reservationId}")
    ReservationDocument get(Caller caller, @PathVariable UUID reservationId) {
        return reservations.find(reservationId, caller.requireUser())
                .orElseThrow(() -> notFound(reservationId));
    }

    @GetMapping("/api/reservations")
    ReservationList list(Caller caller, @RequestParam(required = false) Long eventId,
                         @RequestParam(required = false) String status,
                         @RequestParam(defaultValue = "100") int limit) {
        long userId = caller.requireUser();
        new Validator()
                .check("status", status == null || STATUSES.contains(status), "must be one of held, purchased, cancelled, expired")
                .range("limit", limit, 1, 1000)
                .validate();
        return new ReservationList(reservations.list(userId, eventId, status, limit));
    }

    @PostMapping("/api/reservations/{reservationId}/purchase")
    DeferredResult<ResponseEntity<Object>> purchase(Caller caller, @PathVariable UUID reservationId,
                                                    @RequestBody(required = false) PurchaseBody body,
                                                    @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                    @RequestHeader(value = "Prefer", required = false) String prefer) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        String paymentReference = body == null ? null : body.paymentReference();
        new Validator().text("paymentReference", paymentReference, 64).validate();
        var admitted = commands.admit(caller, key, CommandType.PURCHASE, owner.eventId());
        return commands.submit(new PurchaseCommand(admitted.requestId(), owner.eventId(), userId, reservationId,
                paymentReference, admitted.submittedAt()), key != null, prefer);
    }

    @DeleteMapping("/api/reservations/{reservationId}")
    DeferredResult<ResponseEntity<Object>> cancel(Caller caller, @PathVariable UUID reservationId,
                                                  @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                  @RequestHeader(value = "Prefer", required = false) String prefer) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        var admitted = commands.admit(caller, key, CommandType.CANCEL, owner.eventId());
        return commands.submit(new CancelCommand(admitted.requestId(), owner.eventId(), userId, reservationId, admitted.submittedAt()),
                key != null, prefer);
    }

    @PostMapping("/api/reservations/{reservationId}/extend")
    DeferredResult<ResponseEntity<Object>> extend(Caller caller, @PathVariable UUID reservationId,
                                                  @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                  @RequestHeader(value = "Prefer", required = false) String prefer) {
        long userId = caller.requireUser();
        var owner = ownedReservation(reservationId, userId);
        var admitted = commands.admit(caller, key, CommandType.EXTEND, owner.eventId());
        return commands.submit(new ExtendCommand(admitted.requestId(), owner.eventId(), userId, reservationId, admitted.submittedAt()),
                key != null, prefer);
    }

    private ReservationRepository.Ownership ownedReservation(UUID reservationId, long userId) {
        ReservationRepository.Ownership owner = owners.get(reservationId);
        if (owner == null) {
            owner = reservations.ownership(reservationId).orElseThrow(() -> notFound(reservationId));
            if (owners.size() < MAX_CACHED_OWNERS) {
                owners.put(reservationId, owner);
            }
        }
        if (owner.userId() != userId) {
            throw notFound(reservationId);
        }
        return owner;
    }

    private static ApiException notFound(UUID reservationId) {
        return ApiException.notFound("no reservation " + reservationId);
    }
}
