package dev.holdfast.worker.apply;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.command.UserCommand;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.worker.config.WorkerProperties;
import dev.holdfast.worker.inventory.Applied;
import dev.holdfast.worker.inventory.EventInventory;
import dev.holdfast.worker.inventory.EventRules;
import dev.holdfast.worker.inventory.StoredState;
import dev.holdfast.worker.inventory.WaitlistEntry;
import dev.holdfast.worker.inventory.Outcome;
import dev.holdfast.worker.inventory.Reservation;
import dev.holdfast.worker.inventory.SeatMap;
import dev.holdfast.worker.inventory.Section;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Applies one batch of commands in one PostgreSQL transaction: skip what was applied before (ARCHITECTURE.md,
 * invariant 3), lock the rows the batch touches (events, then sections, then reservations, each in key order:
 * invariant 2), run the inventory rules in offset order, write every outcome and change with one statement per table,
 * put the reservation changes of the changes into the outbox (published after commit by {@code OutboxRelay}:
 * invariant 5), and wake the gateways' waiters on commit.
 */
@Component
public class CommandBatchApplier {

    private final InventoryRepository repository;
    private final SeatMapCache seatMapCache;
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

    CommandBatchApplier(InventoryRepository repository, MeterRegistry meters, WorkerProperties properties) {
        this.repository = repository;
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

    /** One stage of a partition's cycle; the consumer's own stages (fetch wait, decode) are timed by the listener. */
    public static Timer stage(MeterRegistry meters, String stage, String description) {
        return Timer.builder("holdfast.worker.stage").tag("stage", stage)
                .description("one stage of a batch's cycle: " + description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
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
        if (fresh.size() < commands.size()) {
            // a retry of a request applied before (an Idempotency-Key, a redelivery) may have a waiter: wake it now
            // rather than at its next re-read
            Set<UUID> repeated = new java.util.LinkedHashSet<>();
            commands.forEach(command -> repeated.add(command.requestId()));
            fresh.forEach(command -> repeated.remove(command.requestId()));
            repository.notifyRequests(repeated);
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        Instant now = repository.transactionTime();
        Map<Long, EventInventory> inventories = loadInventories(fresh, now);
        long loaded = System.nanoTime();
        loadStage.record(loaded - started, TimeUnit.NANOSECONDS);

        List<RequestRow> outcomes = new ArrayList<>(fresh.size());
        List<ReservationChange> events = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>(fresh.size());
        for (Command command : fresh) {
            EventInventory inventory = inventories.get(command.eventId());
            Outcome outcome;
            if (inventory == null) {
                outcome = new Outcome.Rejected(Rejection.NOT_FOUND, "no event " + command.eventId());
            } else {
                Applied applied = inventory.apply(command, now);
                outcome = applied.outcome();
                events.addAll(applied.events());
            }
            toRequestRow(command, outcome, now).ifPresent(outcomes::add);
            measurements.add(measurement(command, outcome, now));
        }

        long appliedAt = System.nanoTime();
        applyStage.record(appliedAt - loaded, TimeUnit.NANOSECONDS);
        List<Reservation> created = new ArrayList<>();
        List<Reservation> updated = new ArrayList<>();
        List<WaitlistEntry> joined = new ArrayList<>();
        List<WaitlistEntry> changedEntries = new ArrayList<>();
        for (EventInventory inventory : inventories.values()) {
            created.addAll(inventory.createdReservations());
            updated.addAll(inventory.updatedReservations());
            joined.addAll(inventory.createdEntries());
            changedEntries.addAll(inventory.updatedEntries());
        }
        // entries first: a hold offered to an entry names it; seats freed before seats taken, since a seat released
        // in this batch may be held again in it
        repository.insertEntries(joined);
        repository.updateEntries(changedEntries);
        repository.deleteReservationSeats(updated);
        repository.insertReservations(created);
        repository.updateReservations(updated);
        repository.insertReservationSeats(created);
        for (EventInventory inventory : inventories.values()) {
            repository.updateSeatRows(inventory.eventId(), inventory.seatMaps());
            List<Section> changed = inventory.changedSections();
            if (!changed.isEmpty()) {
                repository.updateSections(inventory.eventId(), changed);
            }
            // whenever a reservation change was numbered, counters changed or not: a sequence is never given twice
            if (inventory.sequenceAdvanced()) {
                repository.updateLastSequence(inventory.eventId(), inventory.lastSequence());
            }
        }
        repository.insertRequests(outcomes, false);
        repository.insertOutbox(events);
        repository.notifyOutcomes(outcomes);
        repository.notifyEventChanges(inventories.values().stream()
                .filter(inventory -> !inventory.changedSections().isEmpty())
                .map(EventInventory::eventId)
                .toList());
        writeStage.record(System.nanoTime() - appliedAt, TimeUnit.NANOSECONDS);
        afterCommit(measurements);
        keepSeatMapsAfterCommit(inventories.values());
        return fresh.size();
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
        repository.notifyOutcomes(rows);
    }

    /**
     * What an outcome adds to the metrics, to be recorded once the transaction committed: a batch that rolls back
     * (and is then applied again, whole or one command at a time) must not count its commands twice.
     */
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

    private void afterCommit(List<Measurement> measurements) {
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
            }
        });
    }

    /** The batch's seat maps, as committed, for the next batch of their events. */
    private void keepSeatMapsAfterCommit(Collection<EventInventory> inventories) {
        List<EventInventory> seated = inventories.stream().filter(inventory -> !inventory.seatMaps().isEmpty()).toList();
        if (seated.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                seated.forEach(inventory -> seatMapCache.put(inventory.eventId(), inventory.lastSequence(),
                        List.copyOf(inventory.seatMaps())));
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
