package dev.holdfast.worker.inventory;

import dev.holdfast.contracts.command.CancelCommand;
import dev.holdfast.contracts.command.ChangeCapacityCommand;
import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.ExtendCommand;
import dev.holdfast.contracts.command.JoinWaitlistCommand;
import dev.holdfast.contracts.command.LeaveWaitlistCommand;
import dev.holdfast.contracts.command.PurchaseCommand;
import dev.holdfast.contracts.command.ReleaseCommand;
import dev.holdfast.contracts.command.ReservationCommand;
import dev.holdfast.contracts.command.ReserveCommand;
import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationExpired;
import dev.holdfast.contracts.change.ReservationExtended;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import dev.holdfast.contracts.change.SectionCapacityChanged;
import dev.holdfast.worker.inventory.ReferenceInventory.Change;
import dev.holdfast.worker.inventory.ReferenceInventory.Result;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Long random histories of every command type, applied to {@link EventInventory} in random batches, as the worker
 * applies them, and to {@link ReferenceInventory}, the rules written plainly. After every batch the two must agree on
 * every outcome, every published change (with its counters and sequence), every section's counters, every hold and
 * every waiting-list entry; and the stored state must keep the rules on its own: no user over
 * {@code maxTicketsPerUser}, no waiting entry overtaken, no request with two reservations, counters equal to rows.
 *
 * <p>Between batches the clock jumps: by nothing, by a little, past many holds' ends, or exactly onto one. The rows
 * are kept between batches the way the database keeps them, and each batch loads from them what
 * {@code CommandBatchApplier} loads (the named rows, the joining users' entries, the per-user counts), so a rule that
 * holds within one batch but not across two is found too.
 *
 * <p>Seeds are fixed so CI is repeatable; {@code -Dholdfast.model.seed=N} replays one history,
 * {@code -Dholdfast.model.histories=N} runs more, {@code -Dholdfast.model.random=true} draws new seeds. A failure
 * names its seed.
 */
class InventoryModelTest {

    private static final int HISTORIES = Integer.getInteger("holdfast.model.histories", 120);
    private static final int COMMANDS_PER_HISTORY = 1_000;
    private static final Instant START = Instant.parse("2026-12-01T18:00:00Z");

    @Test
    void randomHistoriesAgreeWithTheReferenceModelAndKeepEveryRule() {
        Long only = Long.getLong("holdfast.model.seed");
        long base = Boolean.getBoolean("holdfast.model.random") ? new Random().nextLong() : 20_261_130L;
        List<Long> seeds = new ArrayList<>();
        if (only != null) {
            seeds.add(only);
        } else {
            for (int i = 0; i < HISTORIES; i++) {
                seeds.add(base + i);
            }
        }
        long commands = 0;
        Set<String> covered = new TreeSet<>();
        for (long seed : seeds) {
            try {
                commands += new History(seed, covered).run();
            } catch (AssertionError e) {
                throw new AssertionError("history with seed " + seed + " (replay: -Dholdfast.model.seed=" + seed
                        + "): " + e.getMessage(), e);
            }
        }
        System.out.printf("InventoryModelTest: %d histories, %d commands applied%n", seeds.size(), commands);
        assertThat(commands).isGreaterThanOrEqualTo(seeds.size() * (long) COMMANDS_PER_HISTORY);
        if (only == null) {
            // the histories reach every outcome and every kind of change, or the comparison proves little
            assertThat(covered).containsAll(List.of("reserve:succeeded", "reserve:sold_out", "reserve:limit_exceeded",
                    "reserve:not_found", "purchase:succeeded", "purchase:hold_expired", "purchase:already_purchased",
                    "purchase:not_held", "purchase:not_found", "cancel:succeeded", "cancel:not_held",
                    "extend:succeeded", "extend:extension_limit", "extend:hold_expired", "release:succeeded",
                    "release:ignored", "capacity:succeeded", "capacity:capacity_conflict", "waitlist_join:succeeded",
                    "waitlist_join:already_waiting", "waitlist_join:limit_exceeded", "waitlist_join:sold_out",
                    "waitlist_leave:succeeded", "waitlist_leave:not_waiting", "waitlist_leave:not_found",
                    "offered to a waiting entry", "waiting entry ended: can never be served",
                    "reservation_expired", "section_capacity_changed"));
        }
    }

    /** Ids made in order, so that the model and the code under test name the same new rows alike. */
    private static Supplier<UUID> ids(long seed) {
        long[] next = {0};
        return () -> new UUID(seed, ++next[0]);
    }

    private static final class History {
        private final long seed;
        private final Random random;
        private final long eventId;
        private final List<String> codes = new ArrayList<>();
        private final List<Long> users = new ArrayList<>();
        private final Stored stored;
        private final ReferenceInventory model;
        private final Supplier<UUID> ids;
        /** Request ids with an outcome row: the worker skips a command whose request was applied before. */
        private final Set<UUID> applied = new HashSet<>();
        private final Set<String> covered;
        private Instant now = START;

        History(long seed, Set<String> covered) {
            this.seed = seed;
            this.covered = covered;
            this.random = new Random(seed);
            this.eventId = 1 + random.nextInt(1_000_000);
            int sections = 1 + random.nextInt(3);
            Map<String, Integer> capacities = new LinkedHashMap<>();
            for (int i = 0; i < sections; i++) {
                String code = "s" + i;
                codes.add(code);
                capacities.put(code, random.nextInt(13));
            }
            int userCount = 2 + random.nextInt(6);
            for (long user = 1; user <= userCount; user++) {
                users.add(user);
            }
            int[] holdSeconds = {5, 10, 30};
            var rules = new EventRules(eventId, holdSeconds[random.nextInt(3)],
                    random.nextBoolean() ? null : 1 + random.nextInt(6), random.nextInt(3));
            this.stored = new Stored(rules, capacities);
            this.model = new ReferenceInventory(eventId, rules.holdSeconds(), rules.maxTicketsPerUser(),
                    rules.maxHoldExtensions(), capacities, ids(seed));
            this.ids = ids(seed);
        }

        long run() {
            long count = 0;
            int batchNumber = 0;
            while (count < COMMANDS_PER_HISTORY) {
                advanceClock();
                int size = random.nextInt(10) == 0 ? 1 : 1 + random.nextInt(25);
                List<Command> batch = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    batch.add(nextCommand());
                }
                applyBatch(++batchNumber, batch);
                count += batch.size();
            }
            return count;
        }

        private void applyBatch(int number, List<Command> batch) {
            // the worker drops what was applied before and repeats within the batch (the first delivery wins)
            Map<UUID, Command> fresh = new LinkedHashMap<>();
            batch.stream().filter(command -> !applied.contains(command.requestId()))
                    .forEach(command -> fresh.putIfAbsent(command.requestId(), command));
            List<Command> commands = List.copyOf(fresh.values());

            int changesBefore = model.changes.size();
            List<Applied> actual = stored.apply(commands, now, ids);
            String where = "batch " + number + " at " + now + ": " + describe(commands);
            List<ReservationChange> changes = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                Command command = commands.get(i);
                Result expected = applyToModel(command);
                Result got = result(actual.get(i).outcome());
                if (!expected.equals(got)) {
                    fail("command %d (%s): the model says %s, the inventory %s (%s)\n%s", i, command, expected, got,
                            actual.get(i).outcome(), where);
                }
                changes.addAll(actual.get(i).changes());
                covered.add(command.commandType().wireName() + ":" + got.outcome());
                if (!got.outcome().equals("ignored")) {
                    applied.add(command.requestId());
                }
            }
            List<Change> expectedChanges = model.changes.subList(changesBefore, model.changes.size());
            List<Change> gotChanges = changes.stream().map(InventoryModelTest::change).toList();
            if (!expectedChanges.equals(gotChanges)) {
                fail("published changes differ\n model:     %s\n inventory: %s\n%s", expectedChanges, gotChanges, where);
            }
            compareRows(where);
            checkRules(where);
            expectedChanges.forEach(change -> covered.add(change.type()));
            if (expectedChanges.stream().anyMatch(change -> change.entryId() != null)) {
                covered.add("offered to a waiting entry");
            }
            if (model.endedUnservable > 0) {
                covered.add("waiting entry ended: can never be served");
            }
        }

        private Result applyToModel(Command command) {
            return command.accept(new Command.Visitor<>() {
                @Override
                public Result reserve(ReserveCommand c) {
                    return model.reserve(c.requestId(), c.userId(), c.section(), c.quantity(), now);
                }

                @Override
                public Result purchase(PurchaseCommand c) {
                    return model.purchase(c.requestId(), c.userId(), c.reservationId(), now);
                }

                @Override
                public Result cancel(CancelCommand c) {
                    return model.cancel(c.requestId(), c.userId(), c.reservationId(), now);
                }

                @Override
                public Result release(ReleaseCommand c) {
                    return model.release(c.requestId(), c.reservationId(), now);
                }

                @Override
                public Result changeCapacity(ChangeCapacityCommand c) {
                    return model.changeCapacity(c.requestId(), c.section(), c.capacity(), now);
                }

                @Override
                public Result extend(ExtendCommand c) {
                    return model.extend(c.requestId(), c.userId(), c.reservationId(), now);
                }

                @Override
                public Result joinWaitlist(JoinWaitlistCommand c) {
                    return model.join(c.requestId(), c.userId(), c.section(), c.quantity(), now);
                }

                @Override
                public Result leaveWaitlist(LeaveWaitlistCommand c) {
                    return model.leave(c.userId(), c.entryId(), now);
                }
            });
        }

        /** The stored rows equal the model's, row by row and counter by counter. */
        private void compareRows(String where) {
            for (String code : codes) {
                Section section = stored.sections.get(code);
                List<Integer> expected = List.of(model.capacity.get(code), model.available(code), model.held(code),
                        model.sold(code), model.waiting(code));
                List<Integer> got = List.of(section.capacity(), section.available(), section.held(), section.sold(),
                        section.waiting());
                if (!expected.equals(got)) {
                    fail("section %s (capacity, available, held, sold, waiting): model %s, stored %s\n%s", code,
                            expected, got, where);
                }
            }
            assertThat(stored.reservations.keySet()).as(where)
                    .containsExactlyInAnyOrderElementsOf(model.holds.stream().map(h -> h.id).toList());
            for (ReferenceInventory.Hold hold : model.holds) {
                Reservation row = stored.reservations.get(hold.id);
                assertThat(List.of(row.status().wireName(), row.expiresAt(), row.extensions(), row.userId(),
                        row.quantity(), row.section(), Objects.toString(row.waitlistEntryId())))
                        .as("reservation %s, %s", hold.id, where)
                        .isEqualTo(List.of(hold.status, hold.expiresAt, hold.extensions, hold.user, hold.quantity,
                                hold.section, Objects.toString(hold.entryId)));
            }
            assertThat(stored.entries.keySet()).as(where)
                    .containsExactlyInAnyOrderElementsOf(model.entries.stream().map(e -> e.id).toList());
            for (ReferenceInventory.Entry entry : model.entries) {
                WaitlistEntry row = stored.entries.get(entry.id);
                assertThat(List.of(row.status().wireName(), row.joinOrder(), row.userId(), row.quantity()))
                        .as("entry %s, %s", entry.id, where)
                        .isEqualTo(List.of(entry.status, entry.order, entry.user, entry.quantity));
            }
        }

        /** The rules, checked on the stored rows alone, without the model. */
        private void checkRules(String where) {
            Integer max = stored.rules.maxTicketsPerUser();
            if (max != null) {
                for (long user : users) {
                    int counted = stored.reservations.values().stream()
                            .filter(r -> r.userId() == user && (r.status() == ReservationStatus.PURCHASED
                                    || r.status() == ReservationStatus.HELD && !r.isDue(now)))
                            .mapToInt(Reservation::quantity).sum()
                            + stored.entries.values().stream()
                            .filter(e -> e.userId() == user && e.isWaiting()).mapToInt(WaitlistEntry::quantity).sum();
                    if (counted > max) {
                        fail("user %d holds, owns or waits for %d tickets; the limit is %d\n%s", user, counted, max,
                                where);
                    }
                }
            }
            for (String code : codes) {
                Section section = stored.sections.get(code);
                assertThat(section.held()).as("held of %s equals its held rows, %s", code, where)
                        .isEqualTo(sum(code, ReservationStatus.HELD));
                assertThat(section.sold()).as("sold of %s equals its purchased rows, %s", code, where)
                        .isEqualTo(sum(code, ReservationStatus.PURCHASED));
                long lastOffered = stored.entries.values().stream()
                        .filter(e -> e.section().equals(code) && e.status() == WaitlistStatus.OFFERED)
                        .mapToLong(WaitlistEntry::joinOrder).max().orElse(0);
                long firstWaiting = stored.entries.values().stream()
                        .filter(e -> e.section().equals(code) && e.isWaiting())
                        .mapToLong(WaitlistEntry::joinOrder).min().orElse(Long.MAX_VALUE);
                if (lastOffered > firstWaiting) {
                    fail("section %s: entry %d was offered while entry %d, who joined before it, still waits\n%s",
                            code, lastOffered, firstWaiting, where);
                }
            }
            Map<UUID, Long> byRequest = stored.reservations.values().stream()
                    .collect(Collectors.groupingBy(Reservation::requestId, Collectors.counting()));
            byRequest.forEach((request, count) ->
                    assertThat(count).as("reservations made by request %s, %s", request, where).isEqualTo(1));
        }

        private int sum(String code, ReservationStatus status) {
            return stored.reservations.values().stream()
                    .filter(r -> r.section().equals(code) && r.status() == status)
                    .mapToInt(Reservation::quantity).sum();
        }

        private void advanceClock() {
            int roll = random.nextInt(10);
            if (roll < 2) {
                return;
            }
            if (roll < 4) {
                // exactly onto the end of a hold: due at its expiresAt, not a millisecond later
                List<Instant> ends = model.holds.stream().filter(h -> h.status.equals("held"))
                        .map(h -> h.expiresAt).filter(end -> end.isAfter(now)).toList();
                if (!ends.isEmpty()) {
                    now = ends.get(random.nextInt(ends.size()));
                    return;
                }
            }
            long span = stored.rules.holdSeconds() * 1_000L * (roll == 9 ? 3 : 1) / 2;
            now = now.plusMillis(1 + (long) (random.nextDouble() * span));
        }

        private Command nextCommand() {
            long user = pick(users);
            UUID request = UUID.randomUUID();
            int roll = random.nextInt(100);
            if (roll < 30) {
                return new ReserveCommand(request, eventId, user, section(), quantity(), now);
            }
            if (roll < 42) {
                ReferenceInventory.Hold hold = someHold();
                return new PurchaseCommand(request, eventId, owner(hold, user), id(hold), "pay", now);
            }
            if (roll < 52) {
                ReferenceInventory.Hold hold = someHold();
                return new CancelCommand(request, eventId, owner(hold, user), id(hold), now);
            }
            if (roll < 60) {
                ReferenceInventory.Hold hold = someHold();
                return new ExtendCommand(request, eventId, owner(hold, user), id(hold), now);
            }
            if (roll < 70) {
                // the expiry worker's release: the same request whenever it is published again
                return ReleaseCommand.of(eventId, id(someHold()), now);
            }
            if (roll < 75) {
                return new ChangeCapacityCommand(request, eventId, section(), random.nextInt(16), now);
            }
            if (roll < 90) {
                return new JoinWaitlistCommand(request, eventId, user, section(), quantity(), now);
            }
            ReferenceInventory.Entry entry = model.entries.isEmpty() || random.nextInt(20) == 0 ? null
                    : pick(model.entries);
            UUID entryId = entry == null ? UUID.randomUUID() : entry.id;
            long owner = entry != null && random.nextInt(5) > 0 ? entry.user : user;
            return new LeaveWaitlistCommand(request, eventId, owner, entryId, now);
        }

        private String section() {
            return random.nextInt(40) == 0 ? "unknown" : pick(codes);
        }

        private int quantity() {
            return random.nextInt(10) == 0 ? 1 + random.nextInt(15) : 1 + random.nextInt(4);
        }

        /** Mostly a hold still held (where the rules bite), sometimes any, sometimes one that does not exist. */
        private ReferenceInventory.Hold someHold() {
            if (model.holds.isEmpty() || random.nextInt(20) == 0) {
                return null;
            }
            List<ReferenceInventory.Hold> held = model.holds.stream().filter(h -> h.status.equals("held")).toList();
            return !held.isEmpty() && random.nextInt(4) > 0 ? pick(held) : pick(model.holds);
        }

        private long owner(ReferenceInventory.Hold hold, long anyone) {
            return hold != null && random.nextInt(6) > 0 ? hold.user : anyone;
        }

        private static UUID id(ReferenceInventory.Hold hold) {
            return hold == null ? UUID.randomUUID() : hold.id;
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private String describe(List<Command> commands) {
            return commands.stream().map(c -> c.commandType().wireName() + (c instanceof ReservationCommand r
                    ? "(" + r.reservationId() + ")" : "")).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /**
     * The rows of one event as the database keeps them between batches, and what {@code CommandBatchApplier} loads
     * from them for a batch and writes back after it.
     */
    private static final class Stored {
        final EventRules rules;
        final Map<String, Section> sections = new LinkedHashMap<>();
        final Map<UUID, Reservation> reservations = new LinkedHashMap<>();
        final Map<UUID, WaitlistEntry> entries = new LinkedHashMap<>();
        long lastSequence;

        Stored(EventRules rules, Map<String, Integer> capacities) {
            this.rules = rules;
            capacities.forEach((code, capacity) -> sections.put(code, new Section(code, capacity, capacity, 0, 0)));
        }

        List<Applied> apply(List<Command> commands, Instant now, Supplier<UUID> ids) {
            Set<UUID> namedReservations = new LinkedHashSet<>();
            Set<UUID> namedEntries = new LinkedHashSet<>();
            Set<Long> askingForTickets = new TreeSet<>();
            Set<Long> joining = new TreeSet<>();
            for (Command command : commands) {
                if (command instanceof ReservationCommand named) {
                    namedReservations.add(named.reservationId());
                }
                if (command instanceof LeaveWaitlistCommand leave) {
                    namedEntries.add(leave.entryId());
                }
                if (command instanceof ReserveCommand reserve) {
                    askingForTickets.add(reserve.userId());
                }
                if (command instanceof JoinWaitlistCommand join) {
                    askingForTickets.add(join.userId());
                    joining.add(join.userId());
                }
            }
            List<Reservation> loadedReservations = namedReservations.stream().map(reservations::get)
                    .filter(Objects::nonNull).toList();
            List<WaitlistEntry> loadedEntries = new ArrayList<>(namedEntries.stream().map(entries::get)
                    .filter(Objects::nonNull).toList());
            entries.values().stream().filter(e -> joining.contains(e.userId()) && e.isWaiting())
                    .forEach(loadedEntries::add);
            Map<Long, Integer> counted = rules.maxTicketsPerUser() == null ? Map.of()
                    : countedTowardLimit(askingForTickets, now);
            StoredState state = new StoredState() {
                @Override
                public List<Reservation> dueHolds(String section) {
                    return reservations.values().stream()
                            .filter(r -> r.section().equals(section) && r.isDue(now))
                            .sorted(Comparator.comparing(Reservation::id)).toList();
                }

                @Override
                public List<WaitlistEntry> waitingEntries(String section) {
                    return entries.values().stream().filter(e -> e.section().equals(section) && e.isWaiting())
                            .sorted(Comparator.comparingLong(WaitlistEntry::joinOrder)).toList();
                }
            };
            var inventory = new EventInventory(new EventInventory.Loaded(rules, lastSequence, sections.values(),
                    loadedReservations, loadedEntries, counted), state, ids);
            List<Applied> results = new ArrayList<>();
            for (Command command : commands) {
                results.add(inventory.apply(command, now));
            }
            UnitOfWork work = inventory.unitOfWork();
            work.createdReservations().forEach(r -> reservations.put(r.id(), r));
            work.updatedReservations().forEach(r -> reservations.put(r.id(), r));
            work.createdEntries().forEach(e -> entries.put(e.id(), e));
            work.updatedEntries().forEach(e -> entries.put(e.id(), e));
            work.changedSections().forEach(s -> sections.put(s.code(), s));
            lastSequence = work.lastSequence();
            return results;
        }

        /** What {@code InventoryRepository.ticketsCountingTowardLimit} answers: users with none are absent. */
        private Map<Long, Integer> countedTowardLimit(Set<Long> users, Instant now) {
            Map<Long, Integer> counted = new HashMap<>();
            reservations.values().stream()
                    .filter(r -> users.contains(r.userId()) && (r.status() == ReservationStatus.PURCHASED
                            || r.status() == ReservationStatus.HELD && r.expiresAt().isAfter(now)))
                    .forEach(r -> counted.merge(r.userId(), r.quantity(), Integer::sum));
            entries.values().stream().filter(e -> users.contains(e.userId()) && e.isWaiting())
                    .forEach(e -> counted.merge(e.userId(), e.quantity(), Integer::sum));
            return counted;
        }
    }

    private static Result result(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            return new Result(rejected.reason().code(), null, null);
        }
        if (outcome instanceof Outcome.Ignored) {
            return new Result("ignored", null, null);
        }
        var succeeded = (Outcome.Succeeded) outcome;
        return new Result("succeeded", succeeded.reservation() == null ? null : succeeded.reservation().id(),
                succeeded.entry() == null ? null : succeeded.entry().id());
    }

    private static Change change(ReservationChange change) {
        String type = change.accept(new ReservationChange.Visitor<>() {
            @Override
            public String held(ReservationHeld e) {
                return "reservation_held";
            }

            @Override
            public String purchased(ReservationPurchased e) {
                return "reservation_purchased";
            }

            @Override
            public String cancelled(ReservationCancelled e) {
                return "reservation_cancelled";
            }

            @Override
            public String expired(ReservationExpired e) {
                return "reservation_expired";
            }

            @Override
            public String extended(ReservationExtended e) {
                return "reservation_extended";
            }

            @Override
            public String capacityChanged(SectionCapacityChanged e) {
                return "section_capacity_changed";
            }
        });
        return new Change(type, change.sequence(), change.reservationId(), change.requestId(), change.userId(),
                change.section(), change.quantity(), change.expiresAt(), change.waitlistEntryId(), change.capacity(),
                change.available(), change.held(), change.sold());
    }
}
