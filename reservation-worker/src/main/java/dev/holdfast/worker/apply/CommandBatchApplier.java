package dev.holdfast.worker.apply;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.command.UserCommand;
import dev.holdfast.worker.config.WorkerProperties;
import dev.holdfast.worker.inventory.EventInventory;
import dev.holdfast.worker.inventory.EventRules;
import dev.holdfast.worker.inventory.StoredState;
import dev.holdfast.worker.inventory.WaitlistEntry;
import dev.holdfast.worker.inventory.Outcome;
import dev.holdfast.worker.inventory.Reservation;
import dev.holdfast.worker.inventory.SeatMap;
import dev.holdfast.worker.inventory.Section;
import dev.holdfast.worker.inventory.UnitOfWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies one batch of commands in one PostgreSQL transaction: skip what was applied before (ARCHITECTURE.md,
 * invariant 3), lock the rows the batch touches (events, then sections, then reservations, each in key order:
 * invariant 2), run the inventory rules in offset order, and write each event's {@link UnitOfWork} and every outcome
 * with one statement per table: the reservation changes go into the outbox, and the gateways' waiters are woken on
 * commit. After the commit, one hook ({@link #afterCommit}) records the metrics, keeps the seat maps and has the
 * outbox relayed ({@link OutboxRelayTrigger}: invariant 5).
 */
@Component
public class CommandBatchApplier {

    private final InventoryRepository repository;
    private final SeatMapCache seatMapCache;
    private final OutboxRelayTrigger relayTrigger;
    private final NotificationQueue notificationQueue;
    private final MeterRegistry meters;
    private final Timer expiryLag;
    private final Timer commandAge;
    /** The stages of one batch inside its transaction, and its commit ({@code holdfast.worker.stage}). */
    private final Timer loadStage;
    private final Timer applyStage;
    private final Timer writeStage;
    private final Timer commitStage;
    /** The outcome counters by command type and result, registered once each. */
    private final Map<OutcomeKey, Counter> outcomeCounters = new ConcurrentHashMap<>();

    private record OutcomeKey(CommandType type, String result) {
    }

    /** What one outcome adds to the metrics; {@code expiryLag} only for a release that expired a hold. */
    private record Measurement(Counter outcomes, Duration age, Duration expiryLag) {
    }

    CommandBatchApplier(InventoryRepository repository, OutboxRelayTrigger relayTrigger,
                        NotificationQueue notificationQueue, MeterRegistry meters, WorkerProperties properties) {
        this.repository = repository;
        this.relayTrigger = relayTrigger;
        this.notificationQueue = notificationQueue;
        this.meters = meters;
        this.seatMapCache = new SeatMapCache(properties.seatMapCacheEvents());
        this.expiryLag = Timer.builder("holdfast.worker.expiry.lag")
                .description("how late a hold was released after its expiresAt (database clock)")
                .publishPercentileHistogram()
                .register(meters);
        this.commandAge = Timer.builder("holdfast.worker.command.age")
                .description("from the gateway's accepting a command to the transaction that applied it (database clock "
                        + "against the gateway's): the wait a client sees, short of the notification")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(meters);
        this.loadStage = stage(meters, "load", "de-duplicate, lock and read the rows the batch needs");
        this.applyStage = stage(meters, "apply", "run the inventory rules over the batch, in memory");
        this.writeStage = stage(meters, "write", "write outcomes, changes, outbox rows and notifications");
        this.commitStage = stage(meters, "commit", "commit the batch transaction");
    }

    /**
     * One stage of a partition's cycle; the consumer's own stages (fetch wait, decode) are timed by the listener.
     * From 10 µs, like the gateway's stages: decoding and applying a batch take a few hundred of them.
     */
    public static Timer stage(MeterRegistry meters, String stage, String description) {
        return Timer.builder("holdfast.worker.stage").tag("stage", stage)
                .description("one stage of a batch's cycle: " + description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    /** @return how many commands were applied (the rest had been applied before) */
    @Transactional
    public int apply(List<Command> commands) {
        if (commands.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        Collection<Command> fresh = withoutDuplicates(commands);
        Set<Long> toRelay = new TreeSet<>();
        if (fresh.size() < commands.size()) {
            // a retry of a request applied before (an Idempotency-Key, a redelivery) may have a waiter: wake it now
            // rather than at its next re-read
            Set<UUID> repeated = new LinkedHashSet<>();
            commands.forEach(command -> repeated.add(command.requestId()));
            fresh.forEach(command -> repeated.remove(command.requestId()));
            repository.notifyRequests(repeated);
            // a redelivered batch was committed by a worker that may have died before its relay: its events' outbox
            // rows are published now rather than at the sweep (ARCHITECTURE.md, invariants 4 and 5)
            commands.stream().filter(command -> repeated.contains(command.requestId()))
                    .forEach(command -> toRelay.add(command.eventId()));
        }
        if (fresh.isEmpty()) {
            afterCommit(List.of(), List.of(), toRelay);
            return 0;
        }
        Instant now = repository.transactionTime();
        Map<Long, EventInventory> inventories = loadInventories(fresh, now);
        long loaded = System.nanoTime();
        loadStage.record(loaded - started, TimeUnit.NANOSECONDS);

        List<RequestRow> outcomes = new ArrayList<>(fresh.size());
        List<Measurement> measurements = new ArrayList<>(fresh.size());
        for (Command command : fresh) {
            EventInventory inventory = inventories.get(command.eventId());
            Outcome outcome = inventory == null
                    ? new Outcome.Rejected(Rejection.NOT_FOUND, "no event " + command.eventId())
                    : inventory.apply(command, now).outcome();
            toRequestRow(command, outcome, now).ifPresent(outcomes::add);
            measurements.add(measurement(command, outcome, now));
        }
        List<UnitOfWork> work = new ArrayList<>(inventories.size());
        inventories.values().forEach(inventory -> work.add(inventory.unitOfWork()));

        long appliedAt = System.nanoTime();
        applyStage.record(appliedAt - loaded, TimeUnit.NANOSECONDS);
        write(work, outcomes);
        writeStage.record(System.nanoTime() - appliedAt, TimeUnit.NANOSECONDS);
        work.stream().filter(UnitOfWork::sequenceAdvanced).forEach(event -> toRelay.add(event.eventId()));
        afterCommit(measurements, work, toRelay);
        return fresh.size();
    }

    /**
     * Stores what the batch did, one statement per table: its units of work (nothing else), the outcomes, and the
     * notifications PostgreSQL delivers on commit, which carry the outcomes whole where they can
     * ({@link RequestRow#announcement}), unless the notification queue is filling up ({@link NotificationQueue}).
     */
    private void write(List<UnitOfWork> work, List<RequestRow> outcomes) {
        List<Reservation> created = all(work, UnitOfWork::createdReservations);
        List<Reservation> updated = all(work, UnitOfWork::updatedReservations);
        // entries first: a hold offered to an entry names it; seats freed before seats taken, since a seat released
        // in this batch may be held again in it
        repository.insertEntries(all(work, UnitOfWork::createdEntries));
        repository.updateEntries(all(work, UnitOfWork::updatedEntries));
        repository.deleteReservationSeats(updated);
        repository.insertReservations(created);
        repository.updateReservations(updated);
        repository.insertReservationSeats(created);
        // one statement per table for the whole batch, however many events it spans
        List<InventoryRepository.ChangedSeatRow> seatRows = new ArrayList<>();
        List<InventoryRepository.ChangedSection> sections = new ArrayList<>();
        List<InventoryRepository.LastSequence> sequences = new ArrayList<>();
        for (UnitOfWork event : work) {
            event.changedSeatRows().forEach(row ->
                    seatRows.add(new InventoryRepository.ChangedSeatRow(event.eventId(), row)));
            event.changedSections().forEach(section ->
                    sections.add(new InventoryRepository.ChangedSection(event.eventId(), section)));
            // whenever a reservation change was numbered, counters changed or not: a sequence is never given twice
            if (event.sequenceAdvanced()) {
                sequences.add(new InventoryRepository.LastSequence(event.eventId(), event.lastSequence()));
            }
        }
        repository.updateSeatRows(seatRows);
        repository.updateSections(sections);
        repository.updateLastSequences(sequences);
        repository.insertRequests(outcomes, false);
        repository.insertOutbox(all(work, UnitOfWork::changes));
        if (notificationQueue.carriesOutcomes()) {
            Map<UUID, Reservation> written = new HashMap<>();
            created.forEach(reservation -> written.put(reservation.id(), reservation));
            updated.forEach(reservation -> written.put(reservation.id(), reservation));
            List<OutcomeChannel.Line> announced = new ArrayList<>(outcomes.size());
            outcomes.forEach(outcome -> announced.add(outcome.announcement(written)));
            repository.notifyOutcomes(announced);
        } else {
            repository.notifyRequests(outcomes.stream().map(RequestRow::requestId).toList());
        }
        repository.notifyEventChanges(work.stream()
                .filter(event -> !event.changedSections().isEmpty())
                .map(UnitOfWork::eventId)
                .toList());
    }

    /** One kind of row of every event of the batch; most batches have one event, whose list is taken as it is. */
    private static <T> List<T> all(List<UnitOfWork> work, Function<UnitOfWork, List<T>> rows) {
        if (work.size() == 1) {
            return rows.apply(work.get(0));
        }
        List<T> all = new ArrayList<>();
        work.forEach(event -> all.addAll(rows.apply(event)));
        return all;
    }

    /**
     * Records the final outcome of a command set aside on the dead-letter topic: rejected with {@code internal_error},
     * so that its client, who was told 202, does not read {@code pending} forever. Nothing when the command has an
     * outcome already.
     */
    @Transactional
    public void rejectUnapplied(Command command, String detail) {
        if (!repository.appliedRequestIds(List.of(command.requestId())).isEmpty()) {
            return;
        }
        Instant now = repository.transactionTime();
        List<RequestRow> rows = toRequestRow(command, new Outcome.Rejected(Rejection.INTERNAL_ERROR, detail), now)
                .stream().toList();
        repository.insertRequests(rows, true);
        repository.notifyRequests(rows.stream().map(RequestRow::requestId).toList());
    }

    /** What an outcome adds to the metrics, recorded by {@link #afterCommit} once the transaction committed. */
    private Measurement measurement(Command command, Outcome outcome, Instant now) {
        String result = outcome instanceof Outcome.Rejected rejected ? rejected.reason().code()
                : outcome instanceof Outcome.Ignored ? "ignored" : "succeeded";
        Counter outcomes = outcomeCounters.computeIfAbsent(new OutcomeKey(command.commandType(), result),
                key -> meters.counter("holdfast.worker.outcomes", "type", key.type().wireName(), "outcome",
                        key.result()));
        Duration lag = outcome instanceof Outcome.Succeeded succeeded && command instanceof ReleaseCommand
                ? Duration.between(succeeded.reservation().expiresAt(), now) : null;
        return new Measurement(outcomes, Duration.between(command.submittedAt(), now), lag);
    }

    /**
     * The one hook of everything that must wait for the batch's commit: the commit's stage timer, the outcome metrics,
     * the seat maps kept for the next batch, and the relay of the outbox rows. A batch that rolls back (and is then
     * applied again, whole or one command at a time, each its own transaction with its own hook) counts nothing, keeps
     * no seat map the database does not have, and has nothing relayed. It runs on the consumer thread before
     * {@code apply} returns, so before the container commits the offsets (ARCHITECTURE.md, invariant 4); the relay
     * comes last, so that what the commit did is counted even if the hand-over fails.
     */
    private void afterCommit(List<Measurement> measurements, List<UnitOfWork> work, Set<Long> toRelay) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private long committing;

            @Override
            public void beforeCommit(boolean readOnly) {
                committing = System.nanoTime();
            }

            @Override
            public void afterCommit() {
                commitStage.record(System.nanoTime() - committing, TimeUnit.NANOSECONDS);
                for (Measurement measurement : measurements) {
                    measurement.outcomes().increment();
                    commandAge.record(measurement.age());
                    if (measurement.expiryLag() != null) {
                        expiryLag.record(measurement.expiryLag());
                    }
                }
                for (UnitOfWork event : work) {
                    if (!event.seatMaps().isEmpty()) {
                        seatMapCache.put(event.eventId(), event.lastSequence(), event.seatMaps());
                    }
                }
                if (!toRelay.isEmpty()) {
                    relayTrigger.relayAfterCommit(toRelay);
                }
            }
        });
    }

    /** Drops commands applied by an earlier transaction and repeats within the batch; the first delivery wins. */
    private Collection<Command> withoutDuplicates(List<Command> commands) {
        Map<UUID, Command> byRequestId = new LinkedHashMap<>();
        commands.forEach(command -> byRequestId.putIfAbsent(command.requestId(), command));
        byRequestId.keySet().removeAll(repository.appliedRequestIds(byRequestId.keySet()));
        return byRequestId.values();
    }

    private Map<Long, EventInventory> loadInventories(Collection<Command> commands, Instant now) {
        Set<Long> eventIds = new TreeSet<>();
        List<UUID> namedReservations = new ArrayList<>();
        List<UUID> namedEntries = new ArrayList<>();
        Map<Long, Set<Long>> usersAskingForTickets = new HashMap<>();
        Map<Long, Set<Long>> usersJoining = new HashMap<>();
        for (Command command : commands) {
            eventIds.add(command.eventId());
            reservationOf(command).ifPresent(namedReservations::add);
            if (command instanceof LeaveWaitlistCommand leave) {
                namedEntries.add(leave.entryId());
            }
            if (command instanceof ReserveCommand reserve) {
                usersAskingForTickets.computeIfAbsent(reserve.eventId(), id -> new TreeSet<>()).add(reserve.userId());
            }
            if (command instanceof JoinWaitlistCommand join) {
                usersAskingForTickets.computeIfAbsent(join.eventId(), id -> new TreeSet<>()).add(join.userId());
                usersJoining.computeIfAbsent(join.eventId(), id -> new TreeSet<>()).add(join.userId());
            }
        }
        List<EventSettings> events = repository.lockEvents(eventIds);
        InventoryRepository.LockedSections locked = repository.lockSections(eventIds);
        Map<Long, List<Section>> sections = locked.byEvent();
        Map<Long, List<SeatMap>> seatMaps = seatMaps(locked.eventsWithSeats(), events);
        Map<Long, List<Reservation>> reservations = repository.lockReservations(namedReservations)
                .stream().collect(Collectors.groupingBy(Reservation::eventId));
        Map<Long, List<WaitlistEntry>> entries = repository.lockEntries(namedEntries)
                .stream().collect(Collectors.groupingBy(WaitlistEntry::eventId, Collectors.toCollection(ArrayList::new)));

        Map<Long, EventInventory> inventories = new HashMap<>();
        for (EventSettings event : events) {
            EventRules rules = event.rules();
            long eventId = rules.eventId();
            List<WaitlistEntry> known = entries.computeIfAbsent(eventId, id -> new ArrayList<>());
            if (usersJoining.containsKey(eventId)) {
                known.addAll(repository.lockWaitingEntriesOf(eventId, usersJoining.get(eventId)));
            }
            Map<Long, Integer> owned = rules.maxTicketsPerUser() == null || !usersAskingForTickets.containsKey(eventId)
                    ? Map.of()
                    : repository.ticketsCountingTowardLimit(eventId, usersAskingForTickets.get(eventId), now);
            StoredState stored = new StoredState() {
                @Override
                public List<Reservation> dueHolds(String section) {
                    return repository.lockDueHolds(eventId, section, now);
                }

                @Override
                public List<WaitlistEntry> waitingEntries(String section) {
                    return repository.lockWaitingEntries(eventId, section);
                }
            };
            var loaded = new EventInventory.Loaded(rules, event.lastSequence(), sections.getOrDefault(eventId, List.of()),
                    reservations.getOrDefault(eventId, List.of()), known, owned,
                    seatMaps.getOrDefault(eventId, List.of()));
            inventories.put(eventId, new EventInventory(loaded, stored, UUID::randomUUID));
        }
        return inventories;
    }

    /**
     * The seat maps of the batch's seated events: kept from the batch before when they are still current, read
     * otherwise. They go back to the cache once the batch committed.
     */
    private Map<Long, List<SeatMap>> seatMaps(Set<Long> eventsWithSeats, List<EventSettings> events) {
        if (eventsWithSeats.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<SeatMap>> maps = new HashMap<>();
        Set<Long> toRead = new TreeSet<>();
        for (EventSettings event : events) {
            long eventId = event.rules().eventId();
            if (eventsWithSeats.contains(eventId)) {
                seatMapCache.take(eventId, event.lastSequence()).ifPresentOrElse(
                        cached -> maps.put(eventId, cached), () -> toRead.add(eventId));
            }
        }
        if (!toRead.isEmpty()) {
            maps.putAll(repository.seatMaps(toRead));
        }
        return maps;
    }

    private static Optional<UUID> reservationOf(Command command) {
        return command instanceof ReservationCommand named ? Optional.of(named.reservationId()) : Optional.empty();
    }

    private static Long userOf(Command command) {
        return command instanceof UserCommand byUser ? byUser.userId() : null;
    }

    /** Ignored releases leave no row: they changed nothing, and a redelivery is harmless. */
    private static Optional<RequestRow> toRequestRow(Command command, Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Ignored) {
            return Optional.empty();
        }
        UUID reservationId = reservationOf(command).orElse(null);
        UUID entryId = command instanceof LeaveWaitlistCommand leave ? leave.entryId() : null;
        Rejection rejection = null;
        String detail = null;
        List<String> unavailableSeats = null;
        if (outcome instanceof Outcome.Succeeded succeeded) {
            if (succeeded.reservation() != null) {
                reservationId = succeeded.reservation().id();
            }
            if (succeeded.entry() != null) {
                entryId = succeeded.entry().id();
            }
        } else if (outcome instanceof Outcome.Rejected rejected) {
            rejection = rejected.reason();
            detail = rejected.detail();
            unavailableSeats = rejected.unavailableSeats();
        }
        return Optional.of(new RequestRow(command.requestId(), command.commandType(), command.eventId(),
                userOf(command), reservationId, entryId, rejection, detail, command.fingerprint(),
                command.submittedAt(), now, unavailableSeats));
    }
}
