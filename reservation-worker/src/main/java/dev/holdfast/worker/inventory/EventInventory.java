package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.event.ReservationCancelled;
import dev.holdfast.contracts.event.ReservationEvent;
import dev.holdfast.contracts.event.ReservationExpired;
import dev.holdfast.contracts.event.ReservationHeld;
import dev.holdfast.contracts.event.ReservationPurchased;
import dev.holdfast.contracts.event.SectionCapacityChanged;
import dev.holdfast.worker.inventory.Outcome.Ignored;
import dev.holdfast.worker.inventory.Outcome.Rejected;
import dev.holdfast.worker.inventory.Outcome.Succeeded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The inventory rules of one event, applied to the state loaded for one batch of commands. Plain Java: it needs no
 * database, no Kafka and no clock of its own ({@code now} is the database clock of the batch transaction).
 *
 * <p>The state it is given must be complete for the commands it will see: every section of the event, every
 * reservation a command names, and, when the event limits tickets per user, what each user of the batch holds or
 * owns (a user absent from that map owns nothing). The holds of a section whose time is up are asked for through
 * {@code dueHolds} only when a reserve or a capacity change would otherwise fail: usually they are not needed.
 */
public final class EventInventory {

    private final long eventId;
    private final int holdSeconds;
    private final Integer maxTicketsPerUser;
    private final Supplier<UUID> reservationIds;
    private final Function<String, List<Reservation>> dueHolds;
    private final Set<String> dueHoldsLoaded = new HashSet<>();
    private final Map<String, Section> sections;
    private final Map<UUID, Reservation> reservations;
    private final Map<Long, Integer> ticketsCountingTowardLimit;

    private long lastSequence;
    private final Set<String> changedSections = new LinkedHashSet<>();
    private final Map<UUID, Reservation> changedReservations = new LinkedHashMap<>();
    private final Set<UUID> createdReservations = new LinkedHashSet<>();
    private final List<ReservationEvent> changes = new ArrayList<>();

    public EventInventory(long eventId, int holdSeconds, Integer maxTicketsPerUser, long lastSequence,
                          Collection<Section> sections, Collection<Reservation> reservations,
                          Map<Long, Integer> ticketsCountingTowardLimit, Function<String, List<Reservation>> dueHolds,
                          Supplier<UUID> reservationIds) {
        this.eventId = eventId;
        this.holdSeconds = holdSeconds;
        this.maxTicketsPerUser = maxTicketsPerUser;
        this.lastSequence = lastSequence;
        this.reservationIds = reservationIds;
        this.dueHolds = dueHolds;
        this.sections = new LinkedHashMap<>();
        sections.forEach(section -> this.sections.put(section.code(), section));
        this.reservations = new HashMap<>();
        reservations.forEach(reservation -> this.reservations.put(reservation.id(), reservation));
        this.ticketsCountingTowardLimit = new HashMap<>(ticketsCountingTowardLimit);
    }

    /** Applies one command of this event at {@code now}. */
    public Outcome apply(Command command, Instant now) {
        if (command.eventId() != eventId) {
            throw new IllegalArgumentException("command for event " + command.eventId() + " sent to " + eventId);
        }
        return command.accept(new Command.Visitor<>() {
            @Override
            public Outcome reserve(ReserveCommand reserve) {
                return EventInventory.this.reserve(reserve, now);
            }

            @Override
            public Outcome purchase(PurchaseCommand purchase) {
                return EventInventory.this.purchase(purchase, now);
            }

            @Override
            public Outcome cancel(CancelCommand cancel) {
                return EventInventory.this.cancel(cancel, now);
            }

            @Override
            public Outcome release(ReleaseCommand release) {
                return EventInventory.this.release(release, now);
            }

            @Override
            public Outcome changeCapacity(ChangeCapacityCommand change) {
                return EventInventory.this.changeCapacity(change, now);
            }
        });
    }

    private Outcome reserve(ReserveCommand command, Instant now) {
        Section section = sections.get(command.section());
        if (section == null) {
            return unknownSection(command.section());
        }
        int quantity = command.quantity();
        if (maxTicketsPerUser != null) {
            int owned = ticketsCountingTowardLimit.getOrDefault(command.userId(), 0);
            if (owned + quantity > maxTicketsPerUser) {
                return new Rejected(Rejection.LIMIT_EXCEEDED, "you hold or own %d of the %d tickets allowed per user for this event; %d more would exceed it"
                        .formatted(owned, maxTicketsPerUser, quantity));
            }
        }
        if (section.available() < quantity) {
            // a sold-out answer must never count a hold whose time is up
            releaseDueHolds(section.code(), now);
            section = sections.get(command.section());
        }
        if (section.available() < quantity) {
            return new Rejected(Rejection.SOLD_OUT, "section '%s' has %d tickets left; %d requested"
                    .formatted(section.code(), section.available(), quantity));
        }
        Reservation hold = Reservation.hold(reservationIds.get(), eventId, section.code(), command.userId(), quantity,
                command.requestId(), now, now.plusSeconds(holdSeconds));
        createdReservations.add(hold.id());
        ticketsCountingTowardLimit.merge(command.userId(), quantity, Integer::sum);
        Section after = section.hold(quantity);
        record(after, hold, (sequence, counters) -> new ReservationHeld(eventId, sequence, hold.id(),
                command.requestId(), hold.userId(), counters.code(), quantity, now, counters.capacity(),
                counters.available(), counters.held(), counters.sold()));
        return new Succeeded(hold);
    }

    private Outcome purchase(PurchaseCommand command, Instant now) {
        Reservation reservation = reservations.get(command.reservationId());
        if (reservation == null || reservation.userId() != command.userId()) {
            return unknownReservation(command.reservationId());
        }
        switch (reservation.status()) {
            case PURCHASED:
                return new Rejected(Rejection.ALREADY_PURCHASED, "reservation " + reservation.id() + " is already purchased");
            case CANCELLED:
                return new Rejected(Rejection.NOT_HELD, "reservation " + reservation.id() + " was cancelled");
            case EXPIRED:
                return holdExpired(reservation);
            case HELD:
                if (reservation.isDue(now)) {
                    expire(reservation, command.requestId(), now);
                    return holdExpired(reservation);
                }
                Reservation purchased = reservation.purchased(now, command.paymentReference());
                Section after = sections.get(reservation.section()).sell(reservation.quantity());
                record(after, purchased, (sequence, counters) -> new ReservationPurchased(eventId, sequence,
                        purchased.id(), command.requestId(), purchased.userId(), counters.code(),
                        purchased.quantity(), now, counters.capacity(), counters.available(), counters.held(),
                        counters.sold()));
                return new Succeeded(purchased);
            default:
                throw new IllegalStateException("unknown status " + reservation.status());
        }
    }

    private Outcome cancel(CancelCommand command, Instant now) {
        Reservation reservation = reservations.get(command.reservationId());
        if (reservation == null || reservation.userId() != command.userId()) {
            return unknownReservation(command.reservationId());
        }
        if (reservation.isDue(now)) {
            expire(reservation, command.requestId(), now);
            reservation = reservations.get(reservation.id());
        }
        if (reservation.status() != ReservationStatus.HELD) {
            return new Rejected(Rejection.NOT_HELD, "reservation %s is %s, not held"
                    .formatted(reservation.id(), reservation.status().wireName()));
        }
        Reservation cancelled = reservation.cancelled(now);
        ticketsCountingTowardLimit.merge(reservation.userId(), -reservation.quantity(), Integer::sum);
        Section after = sections.get(reservation.section()).returnHold(reservation.quantity());
        record(after, cancelled, (sequence, counters) -> new ReservationCancelled(eventId, sequence, cancelled.id(),
                command.requestId(), cancelled.userId(), counters.code(), cancelled.quantity(), now,
                counters.capacity(), counters.available(), counters.held(), counters.sold()));
        return new Succeeded(cancelled);
    }

    private Outcome release(ReleaseCommand command, Instant now) {
        Reservation reservation = reservations.get(command.reservationId());
        if (reservation == null) {
            return new Ignored("unknown reservation");
        }
        if (!reservation.isDue(now)) {
            return new Ignored("reservation is " + reservation.status().wireName() + " and not due");
        }
        return new Succeeded(expire(reservation, command.requestId(), now));
    }

    private Outcome changeCapacity(ChangeCapacityCommand command, Instant now) {
        Section section = sections.get(command.section());
        if (section == null) {
            return unknownSection(command.section());
        }
        if (command.capacity() < section.held() + section.sold()) {
            releaseDueHolds(section.code(), now);
            section = sections.get(section.code());
        }
        int floor = section.held() + section.sold();
        if (command.capacity() < floor) {
            return new Rejected(Rejection.CAPACITY_CONFLICT,
                    "section '%s' has %d held and %d sold; its capacity cannot go below %d"
                            .formatted(section.code(), section.held(), section.sold(), floor));
        }
        Section after = section.resize(command.capacity());
        sections.put(after.code(), after);
        changedSections.add(after.code());
        changes.add(new SectionCapacityChanged(eventId, ++lastSequence, command.requestId(), after.code(),
                after.capacity() - section.capacity(), now, after.capacity(), after.available(), after.held(),
                after.sold()));
        return new Succeeded(null);
    }

    private void releaseDueHolds(String sectionCode, Instant now) {
        if (dueHoldsLoaded.add(sectionCode)) {
            // what this batch changed already is newer than what was stored
            dueHolds.apply(sectionCode).forEach(hold -> reservations.putIfAbsent(hold.id(), hold));
        }
        List<Reservation> due = reservations.values().stream()
                .filter(reservation -> reservation.section().equals(sectionCode) && reservation.isDue(now))
                .sorted((a, b) -> a.expiresAt().compareTo(b.expiresAt()))
                .toList();
        due.forEach(reservation -> expire(reservation, null, now));
    }

    private Reservation expire(Reservation hold, UUID requestId, Instant now) {
        Reservation expired = hold.expired();
        Section after = sections.get(hold.section()).returnHold(hold.quantity());
        record(after, expired, (sequence, counters) -> new ReservationExpired(eventId, sequence, expired.id(),
                requestId, expired.userId(), counters.code(), expired.quantity(), now, counters.capacity(),
                counters.available(), counters.held(), counters.sold()));
        return expired;
    }

    /** The reservation event of a change, given its sequence and the section's counters after it. */
    @FunctionalInterface
    private interface Change {
        ReservationEvent describe(long sequence, Section after);
    }

    private void record(Section after, Reservation reservation, Change change) {
        sections.put(after.code(), after);
        changedSections.add(after.code());
        reservations.put(reservation.id(), reservation);
        changedReservations.put(reservation.id(), reservation);
        changes.add(change.describe(++lastSequence, after));
    }

    private Rejected unknownSection(String code) {
        return new Rejected(Rejection.NOT_FOUND, "event %d has no section '%s'".formatted(eventId, code));
    }

    private static Rejected unknownReservation(UUID id) {
        return new Rejected(Rejection.NOT_FOUND, "no reservation " + id);
    }

    private static Rejected holdExpired(Reservation reservation) {
        return new Rejected(Rejection.HOLD_EXPIRED, "the hold of reservation %s expired at %s"
                .formatted(reservation.id(), reservation.expiresAt()));
    }

    public long eventId() {
        return eventId;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public Section section(String code) {
        return sections.get(code);
    }

    /** Sections whose counters changed, in their current state. */
    public List<Section> changedSections() {
        return changedSections.stream().map(sections::get).toList();
    }

    /** Reservations created by the commands applied so far, in their current state. */
    public List<Reservation> createdReservations() {
        return createdReservations.stream().map(reservations::get).toList();
    }

    /** Reservations that existed before and changed, in their current state. */
    public List<Reservation> updatedReservations() {
        return changedReservations.values().stream()
                .filter(reservation -> !createdReservations.contains(reservation.id()))
                .toList();
    }

    /** The reservation events of the changes so far, in sequence order. */
    public List<ReservationEvent> changes() {
        return List.copyOf(changes);
    }
}
