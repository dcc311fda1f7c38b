package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.SeatIds;
import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import dev.holdfast.contracts.change.SectionCapacityChanged;
import dev.holdfast.worker.inventory.Outcome.Ignored;
import dev.holdfast.worker.inventory.Outcome.Rejected;
import dev.holdfast.worker.inventory.Outcome.Succeeded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The inventory rules of one event, applied to the state loaded for one batch of commands. Plain Java: it needs no
 * database, no Kafka and no clock of its own ({@code now} is the database clock of the batch transaction:
 * ARCHITECTURE.md, invariant 6).
 *
 * <p>The state it is given must be complete for the commands it will see: every section of the event, every
 * reservation and waiting-list entry a command names, the entries still waiting of every user who joins a waiting
 * list in the batch, and, when the event limits tickets per user, what each user of the batch holds, owns or waits
 * for (a user absent from that map has nothing). Due holds and waiting lists are asked for through
 * {@link StoredState} only when a command needs them.
 *
 * <p>Tickets that come back to a section (a cancel, a release, a capacity raise, an entry leaving the head of the
 * queue) are offered to the section's waiting list at once, in join order, before any other command can take them.
 */
public final class EventInventory {

    /**
     * The state of the event loaded for a batch: its rules, the sequence of its last reservation change, every section,
     * the reservations and waiting-list entries the commands name, and what each user of the batch holds, owns or
     * waits for when the event limits tickets per user.
     */
    public record Loaded(EventRules rules, long lastSequence, Collection<Section> sections,
                         Collection<Reservation> reservations, Collection<WaitlistEntry> entries,
                         Map<Long, Integer> ticketsCountingTowardLimit, Collection<SeatMap> seatMaps) {

        /** The state of an event whose sections are all general admission. */
        public Loaded(EventRules rules, long lastSequence, Collection<Section> sections,
                      Collection<Reservation> reservations, Collection<WaitlistEntry> entries,
                      Map<Long, Integer> ticketsCountingTowardLimit) {
            this(rules, lastSequence, sections, reservations, entries, ticketsCountingTowardLimit, List.of());
        }
    }

    private final EventRules rules;
    private final long eventId;
    private final StoredState stored;
    private final Supplier<UUID> ids;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    /** The seats of the seated sections, by section code; a section absent here is general admission. */
    private final Map<String, SeatMap> seatMaps = new LinkedHashMap<>();
    private final Map<UUID, Reservation> reservations = new HashMap<>();
    private final Map<UUID, WaitlistEntry> entries = new HashMap<>();
    private final Map<Long, Integer> ticketsCountingTowardLimit;
    private final Set<String> dueHoldsLoaded = new LinkedHashSet<>();
    /** Waiting lists loaded so far: join order to entry id, of the entries still waiting. */
    private final Map<String, TreeMap<Long, UUID>> queues = new HashMap<>();

    private long lastSequence;
    private final Set<String> changedSections = new LinkedHashSet<>();
    private final Map<UUID, Reservation> changedReservations = new LinkedHashMap<>();
    private final Set<UUID> createdReservations = new LinkedHashSet<>();
    private final Map<UUID, WaitlistEntry> changedEntries = new LinkedHashMap<>();
    private final Set<UUID> createdEntries = new LinkedHashSet<>();
    /** The reservation changes of the commands applied so far, in sequence order. */
    private final List<ReservationChange> changes = new ArrayList<>();

    public EventInventory(Loaded loaded, StoredState stored, Supplier<UUID> ids) {
        this.rules = loaded.rules();
        this.eventId = rules.eventId();
        this.lastSequence = loaded.lastSequence();
        this.stored = stored;
        this.ids = ids;
        loaded.sections().forEach(section -> this.sections.put(section.code(), section));
        loaded.seatMaps().forEach(seats -> this.seatMaps.put(seats.section(), seats));
        loaded.reservations().forEach(reservation -> this.reservations.put(reservation.id(), reservation));
        loaded.entries().forEach(entry -> this.entries.put(entry.id(), entry));
        this.ticketsCountingTowardLimit = new HashMap<>(loaded.ticketsCountingTowardLimit());
    }

    /** Applies one command of this event at {@code now}: its outcome, with the reservation changes it caused. */
    public Applied apply(Command command, Instant now) {
        if (command.eventId() != eventId) {
            throw new IllegalArgumentException("command for event " + command.eventId() + " sent to " + eventId);
        }
        int first = changes.size();
        Outcome outcome = decide(command, now);
        return new Applied(outcome, changes.subList(first, changes.size()));
    }

    private Outcome decide(Command command, Instant now) {
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

            @Override
            public Outcome extend(ExtendCommand extend) {
                return EventInventory.this.extend(extend, now);
            }

            @Override
            public Outcome joinWaitlist(JoinWaitlistCommand join) {
                return EventInventory.this.joinWaitlist(join, now);
            }

            @Override
            public Outcome leaveWaitlist(LeaveWaitlistCommand leave) {
                return EventInventory.this.leaveWaitlist(leave, now);
            }
        });
    }

    private Outcome reserve(ReserveCommand command, Instant now) {
        Section section = sections.get(command.section());
        if (section == null) {
            return unknownSection(command.section());
        }
        if (seatMaps.containsKey(section.code())) {
            return reserveSeats(command, now);
        }
        if (command.seats() != null) {
            // the gateway refuses picked seats in a general-admission section; a command that has them anyway
            // names seats this section does not have
            return new Rejected(Rejection.SEATS_UNAVAILABLE, "section '%s' has no seats to pick"
                    .formatted(section.code()), command.seats());
        }
        int quantity = command.quantity();
        Rejected overLimit = overLimit(command.userId(), quantity);
        if (overLimit != null) {
            return overLimit;
        }
        if (section.waiting() > 0 || section.available() < quantity) {
            // a sold-out answer must never count a hold whose time is up; released tickets go to the waiting list
            releaseDueHolds(section.code(), now);
            section = sections.get(command.section());
        }
        if (section.waiting() > 0) {
            return new Rejected(Rejection.SOLD_OUT, "section '%s' is sold out: %d tickets are promised to its waiting list"
                    .formatted(section.code(), section.waiting()));
        }
        if (section.available() < quantity) {
            return new Rejected(Rejection.SOLD_OUT, "section '%s' has %d tickets left; %d requested"
                    .formatted(section.code(), section.available(), quantity));
        }
        return new Succeeded(hold(command.userId(), section.code(), quantity, command.requestId(), null, null, now));
    }

    /**
     * A reserve in a seated section, checked in the contract's order: {@code sold_out} while anyone waits there,
     * then the per-user limit (a seat is a ticket), then the seats themselves. A seat rejection is answered only after
     * the section's due holds are released, as a sold-out answer is in general admission.
     */
    private Outcome reserveSeats(ReserveCommand command, Instant now) {
        String code = command.section();
        if (sections.get(code).waiting() > 0) {
            releaseDueHolds(code, now);
            if (sections.get(code).waiting() > 0) {
                return new Rejected(Rejection.SOLD_OUT, ("section '%s' is sold out: %d seats are promised to its "
                        + "waiting list").formatted(code, sections.get(code).waiting()));
            }
        }
        int quantity = command.seats() == null ? command.quantity() : command.seats().size();
        Rejected overLimit = overLimit(command.userId(), quantity);
        if (overLimit != null) {
            return overLimit;
        }
        if (command.seats() != null) {
            List<String> unavailable = seatMaps.get(code).unavailable(command.seats());
            if (!unavailable.isEmpty()) {
                releaseDueHolds(code, now);
                unavailable = seatMaps.get(code).unavailable(command.seats());
            }
            if (!unavailable.isEmpty()) {
                return new Rejected(Rejection.SEATS_UNAVAILABLE, "%d of the %d seats picked in section '%s' cannot be "
                        .formatted(unavailable.size(), quantity, code) + "held: " + String.join(", ", unavailable),
                        unavailable);
            }
            return new Succeeded(hold(command.userId(), code, quantity, command.requestId(), null,
                    inSeatOrder(code, command.seats()), now));
        }
        SeatChoice choice = seatMaps.get(code).bestAvailable(quantity, command.requiresAdjacentSeats(),
                command.wantsAccessibleSeats());
        if (!(choice instanceof SeatChoice.Chosen)) {
            releaseDueHolds(code, now);
            choice = seatMaps.get(code).bestAvailable(quantity, command.requiresAdjacentSeats(),
                    command.wantsAccessibleSeats());
        }
        String kind = command.wantsAccessibleSeats() ? "accessible places" : "seats";
        if (choice instanceof SeatChoice.SoldOut soldOut) {
            return new Rejected(Rejection.SOLD_OUT, "section '%s' has %d %s left; %d requested"
                    .formatted(code, soldOut.free(), kind, quantity));
        }
        if (choice instanceof SeatChoice.NoAdjacent noAdjacent) {
            return new Rejected(Rejection.NO_ADJACENT_SEATS, ("section '%s' has %d %s free but not %d side by side; "
                    + "reserve with \"adjacent\": false to take them apart").formatted(code, noAdjacent.free(), kind,
                    quantity));
        }
        List<String> seats = ((SeatChoice.Chosen) choice).seats();
        return new Succeeded(hold(command.userId(), code, quantity, command.requestId(), null, seats, now));
    }

    /** Picked seats in the order of the section's rows and seat numbers, as every document lists them. */
    private List<String> inSeatOrder(String code, List<String> seats) {
        Map<String, Integer> rowIndex = new HashMap<>();
        seatMaps.get(code).rows().forEach(row -> rowIndex.put(row.label(), row.index()));
        return seats.stream()
                .sorted(Comparator.<String>comparingInt(seat -> rowIndex.get(SeatIds.row(seat)))
                        .thenComparingInt(SeatIds::number))
                .toList();
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
                seats(reservation).ifPresent(map -> map.sell(reservation.seats()));
                record(sections.get(reservation.section()).sell(reservation.quantity()), purchased,
                        command.requestId(), now, ReservationPurchased::new);
                // fewer tickets can ever come back now: a waiting entry may have become one that can never be served
                offerToWaitingList(reservation.section(), now);
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
        Reservation held = reservation;
        seats(held).ifPresent(map -> map.release(held.seats()));
        countTowardLimit(reservation.userId(), -reservation.quantity());
        record(sections.get(reservation.section()).returnHold(reservation.quantity()), cancelled, command.requestId(),
                now, ReservationCancelled::new);
        offerToWaitingList(reservation.section(), now);
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

    private Outcome extend(ExtendCommand command, Instant now) {
        Reservation reservation = reservations.get(command.reservationId());
        if (reservation == null || reservation.userId() != command.userId()) {
            return unknownReservation(command.reservationId());
        }
        if (reservation.isDue(now)) {
            expire(reservation, command.requestId(), now);
            return holdExpired(reservation);
        }
        switch (reservation.status()) {
            case PURCHASED:
            case CANCELLED:
                return new Rejected(Rejection.NOT_HELD, "reservation %s is %s, not held"
                        .formatted(reservation.id(), reservation.status().wireName()));
            case EXPIRED:
                return holdExpired(reservation);
            case HELD:
                if (reservation.extensions() >= rules.maxHoldExtensions()) {
                    return new Rejected(Rejection.EXTENSION_LIMIT, "reservation %s was extended %d of the %d times allowed"
                            .formatted(reservation.id(), reservation.extensions(), rules.maxHoldExtensions()));
                }
                Reservation extended = reservation.extended(now.plusSeconds(rules.holdSeconds()));
                record(sections.get(reservation.section()), extended, command.requestId(), now,
                        ReservationExtended::new);
                return new Succeeded(extended);
            default:
                throw new IllegalStateException("unknown status " + reservation.status());
        }
    }

    private Outcome changeCapacity(ChangeCapacityCommand command, Instant now) {
        Section section = sections.get(command.section());
        if (section == null) {
            return unknownSection(command.section());
        }
        if (seatMaps.containsKey(section.code())) {
            // the gateway refuses this (422); a seated section's capacity is the number of its sellable seats
            return new Rejected(Rejection.CAPACITY_CONFLICT, "section '%s' is seated: its capacity is its %d seats"
                    .formatted(section.code(), section.capacity()));
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
        changeSection(after);
        changes.add(new SectionCapacityChanged(eventId, ++lastSequence, null, command.requestId(), null, after.code(),
                after.capacity() - section.capacity(), now, null, null, after.capacity(), after.available(),
                after.held(), after.sold()));
        offerToWaitingList(after.code(), now);
        return new Succeeded(null);
    }

    private Outcome joinWaitlist(JoinWaitlistCommand command, Instant now) {
        Section section = sections.get(command.section());
        if (section == null) {
            return unknownSection(command.section());
        }
        for (WaitlistEntry entry : entries.values()) {
            if (entry.userId() == command.userId() && entry.section().equals(section.code()) && entry.isWaiting()) {
                return new Rejected(Rejection.ALREADY_WAITING, "you wait in section '%s' already (entry %s)"
                        .formatted(section.code(), entry.id()));
            }
        }
        int quantity = command.quantity();
        Rejected overLimit = overLimit(command.userId(), quantity);
        if (overLimit != null) {
            return overLimit;
        }
        if (quantity > mostEverOffered(section)) {
            // the gateway refuses a join above the capacity; this is the race with a capacity change or a sale
            return new Rejected(Rejection.SOLD_OUT, ("section '%s' can never offer %d tickets: %d of its %d are sold")
                    .formatted(section.code(), quantity, section.sold(), section.capacity()));
        }
        if (section.waiting() == 0 && section.available() < quantity) {
            releaseDueHolds(section.code(), now);
            section = sections.get(section.code());
        }
        WaitlistEntry entry = WaitlistEntry.waiting(ids.get(), eventId, section.code(), command.userId(), quantity,
                section.lastWaitlistOrder() + 1, command.requestId(), now);
        entries.put(entry.id(), entry);
        createdEntries.add(entry.id());
        changedEntries.put(entry.id(), entry);
        changeSection(section.enqueue(quantity));
        countTowardLimit(command.userId(), quantity);
        queue(section.code()).put(entry.joinOrder(), entry.id());
        offerToWaitingList(section.code(), now);
        return new Succeeded(null, entries.get(entry.id()));
    }

    private Outcome leaveWaitlist(LeaveWaitlistCommand command, Instant now) {
        WaitlistEntry entry = entries.get(command.entryId());
        if (entry == null || entry.userId() != command.userId()) {
            return new Rejected(Rejection.NOT_FOUND, "no waiting-list entry " + command.entryId());
        }
        if (!entry.isWaiting()) {
            return new Rejected(Rejection.NOT_WAITING, "waiting-list entry %s is %s, not waiting"
                    .formatted(entry.id(), entry.status().wireName()));
        }
        WaitlistEntry left = entry.left(now);
        changeEntry(left);
        changeSection(sections.get(entry.section()).dequeue(entry.quantity()));
        countTowardLimit(entry.userId(), -entry.quantity());
        queue(entry.section()).remove(entry.joinOrder());
        // the entry behind it may fit the tickets that the one leaving was waiting to see grow
        offerToWaitingList(entry.section(), now);
        return new Succeeded(null, left);
    }

    /**
     * Offers the section's available tickets to its waiting entries, head first, for as long as the head's quantity
     * fits: an entry is never overtaken by a smaller one behind it. A head that asks for more tickets than the section
     * can ever offer again (more than its capacity less what is sold: after a sale or a lower capacity) would block
     * the queue and every reserve behind it forever; it is ended ({@code left}) and the next entry moves up.
     */
    private void offerToWaitingList(String code, Instant now) {
        if (sections.get(code).waiting() == 0) {
            return;
        }
        TreeMap<Long, UUID> queue = queue(code);
        while (!queue.isEmpty()) {
            WaitlistEntry head = entries.get(queue.firstEntry().getValue());
            Section section = sections.get(code);
            if (head.quantity() > mostEverOffered(section)) {
                queue.pollFirstEntry();
                changeEntry(head.left(now));
                changeSection(section.dequeue(head.quantity()));
                countTowardLimit(head.userId(), -head.quantity());
                continue;
            }
            List<String> seats = null;
            if (seatMaps.containsKey(code)) {
                // accessible places never go to the waiting list; adjacent seats where possible, else the best split
                if (!(seatMaps.get(code).bestAvailable(head.quantity(), false, false) instanceof SeatChoice.Chosen chosen)) {
                    return;
                }
                seats = chosen.seats();
            } else if (section.available() < head.quantity()) {
                return;
            }
            queue.pollFirstEntry();
            changeSection(section.dequeue(head.quantity()));
            Reservation offer = hold(head.userId(), code, head.quantity(), head.requestId(), head.id(), seats, now);
            changeEntry(head.offered(offer.id(), now));
        }
    }

    /**
     * The most tickets the section could ever offer a waiting entry: its capacity less what is sold; in a seated
     * section, its ordinary seats not sold (accessible places never go to the waiting list).
     */
    private int mostEverOffered(Section section) {
        SeatMap seats = seatMaps.get(section.code());
        return seats == null ? section.capacity() - section.sold() : seats.unsoldOrdinarySeats();
    }

    /** The seat map of a reservation's section, when it is seated. */
    private Optional<SeatMap> seats(Reservation reservation) {
        return reservation.seats() == null ? Optional.empty() : Optional.of(seatMaps.get(reservation.section()));
    }

    /** The section's waiting list, loaded on first use and kept up to date by this batch's commands. */
    private TreeMap<Long, UUID> queue(String code) {
        return queues.computeIfAbsent(code, section -> {
            // what this batch changed already is newer than what was stored
            stored.waitingEntries(section).forEach(entry -> entries.putIfAbsent(entry.id(), entry));
            TreeMap<Long, UUID> queue = new TreeMap<>();
            entries.values().stream()
                    .filter(entry -> entry.section().equals(section) && entry.isWaiting())
                    .forEach(entry -> queue.put(entry.joinOrder(), entry.id()));
            return queue;
        });
    }

    /** A new hold: tickets go from available to held for the user (the per-user count is the caller's business). */
    private Reservation hold(long userId, String code, int quantity, UUID requestId, UUID waitlistEntryId,
                             List<String> seats, Instant now) {
        Reservation hold = Reservation.hold(ids.get(), eventId, code, userId, quantity, requestId, now,
                now.plusSeconds(rules.holdSeconds()), waitlistEntryId, seats);
        if (seats != null) {
            seatMaps.get(code).hold(seats);
        }
        createdReservations.add(hold.id());
        if (waitlistEntryId == null) {
            countTowardLimit(userId, quantity);
        }
        record(sections.get(code).hold(quantity), hold, requestId, now, ReservationHeld::new);
        return hold;
    }

    private Rejected overLimit(long userId, int quantity) {
        Integer max = rules.maxTicketsPerUser();
        if (max == null) {
            return null;
        }
        int owned = ticketsCountingTowardLimit.getOrDefault(userId, 0);
        if (owned + quantity <= max) {
            return null;
        }
        return new Rejected(Rejection.LIMIT_EXCEEDED, ("you hold, own or wait for %d of the %d tickets allowed per "
                + "user for this event; %d more would exceed it").formatted(owned, max, quantity));
    }

    private void countTowardLimit(long userId, int quantity) {
        ticketsCountingTowardLimit.merge(userId, quantity, Integer::sum);
    }

    private void releaseDueHolds(String sectionCode, Instant now) {
        if (dueHoldsLoaded.add(sectionCode)) {
            // what this batch changed already is newer than what was stored
            stored.dueHolds(sectionCode).forEach(hold -> reservations.putIfAbsent(hold.id(), hold));
        }
        reservations.values().stream()
                .filter(reservation -> reservation.section().equals(sectionCode) && reservation.isDue(now))
                .sorted(Comparator.comparing(Reservation::expiresAt).thenComparing(Reservation::id))
                .toList()
                .forEach(reservation -> expire(reservation, null, now));
    }

    /**
     * Releases a hold whose time is up. Only due holds are expired, and a due hold never counted toward its user's
     * limit (the count is loaded without holds due at the batch's clock, which does not move within the batch), so
     * expiring it leaves the count alone: subtracting it again would let the user hold more than the limit.
     */
    private Reservation expire(Reservation hold, UUID requestId, Instant now) {
        Reservation expired = hold.expired();
        seats(hold).ifPresent(map -> map.release(hold.seats()));
        record(sections.get(hold.section()).returnHold(hold.quantity()), expired, requestId, now,
                ReservationExpired::new);
        offerToWaitingList(hold.section(), now);
        return expired;
    }

    /** The constructor of a reservation change record: every kind carries the same fields. */
    @FunctionalInterface
    private interface ChangeKind {
        ReservationChange create(long eventId, long sequence, UUID reservationId, UUID requestId, Long userId,
                                String section, int quantity, Instant occurredAt, Instant expiresAt,
                                UUID waitlistEntryId, int capacity, int available, int held, int sold,
                                List<String> seats);
    }

    private void record(Section after, Reservation reservation, UUID requestId, Instant now, ChangeKind kind) {
        changeSection(after);
        reservations.put(reservation.id(), reservation);
        changedReservations.put(reservation.id(), reservation);
        changes.add(kind.create(eventId, ++lastSequence, reservation.id(), requestId, reservation.userId(),
                after.code(), reservation.quantity(), now, reservation.expiresAt(), reservation.waitlistEntryId(),
                after.capacity(), after.available(), after.held(), after.sold(), reservation.seats()));
    }

    private void changeSection(Section after) {
        sections.put(after.code(), after);
        changedSections.add(after.code());
    }

    private void changeEntry(WaitlistEntry entry) {
        entries.put(entry.id(), entry);
        changedEntries.put(entry.id(), entry);
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

    public Section section(String code) {
        return sections.get(code);
    }

    public WaitlistEntry entry(UUID id) {
        return entries.get(id);
    }

    /**
     * What the commands applied so far did: their changes and the rows to store, each in its current state. The
     * batch takes it once, after its last command; a command applied later is not in it.
     */
    public UnitOfWork unitOfWork() {
        List<UnitOfWork.ChangedSeatRow> seatRows = new ArrayList<>();
        seatMaps.values().forEach(map -> map.changedRows()
                .forEach(row -> seatRows.add(new UnitOfWork.ChangedSeatRow(map.section(), row))));
        return new UnitOfWork(eventId, changes, lastSequence,
                createdReservations.stream().map(reservations::get).toList(),
                changedReservations.values().stream()
                        .filter(reservation -> !createdReservations.contains(reservation.id())).toList(),
                createdEntries.stream().map(entries::get).toList(),
                changedEntries.values().stream().filter(entry -> !createdEntries.contains(entry.id())).toList(),
                changedSections.stream().map(sections::get).toList(),
                seatRows, List.copyOf(seatMaps.values()));
    }
}
