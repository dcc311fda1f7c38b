package dev.holdfast.worker.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The inventory rules of one event written as plainly as possible, to check {@link EventInventory} against: every
 * reservation and waiting-list entry in a list, every counter computed from them when it is read, no batches, no
 * loading, no incremental bookkeeping. It shares nothing with the code under test but the contract's vocabulary.
 *
 * <p>The rules, in the words of API.md: a reserve holds tickets when the section has them and nobody waits there;
 * a user never holds, owns and waits for more than {@code maxTicketsPerUser} (a hold whose time is up does not
 * count); a hold whose time is up reads expired and is released by whatever command touches it, and before a
 * sold-out or capacity answer; tickets that come back go to the section's waiting list in join order, strictly; an
 * entry that asks for more than the section can ever offer again (capacity less sold) is refused or ends.
 */
final class ReferenceInventory {

    static final class Hold {
        final UUID id;
        final long user;
        final String section;
        final int quantity;
        final UUID requestId;
        final UUID entryId;
        String status = "held";
        Instant expiresAt;
        int extensions;

        Hold(UUID id, long user, String section, int quantity, UUID requestId, UUID entryId, Instant expiresAt) {
            this.id = id;
            this.user = user;
            this.section = section;
            this.quantity = quantity;
            this.requestId = requestId;
            this.entryId = entryId;
            this.expiresAt = expiresAt;
        }

        boolean due(Instant now) {
            return status.equals("held") && !now.isBefore(expiresAt);
        }
    }

    static final class Entry {
        final UUID id;
        final long user;
        final String section;
        final int quantity;
        final long order;
        final UUID requestId;
        String status = "waiting";

        Entry(UUID id, long user, String section, int quantity, long order, UUID requestId) {
            this.id = id;
            this.user = user;
            this.section = section;
            this.quantity = quantity;
            this.order = order;
            this.requestId = requestId;
        }
    }

    /** A published state change, with the section's counters after it. */
    record Change(String type, long sequence, UUID reservationId, UUID requestId, Long userId, String section,
                  int quantity, Instant expiresAt, UUID entryId, int capacity, int available, int held, int sold) {
    }

    /** What a command came to: "succeeded", "ignored" or the rejection code, and what it names. */
    record Result(String outcome, UUID reservationId, UUID entryId) {
    }

    final long eventId;
    final int holdSeconds;
    final Integer maxTicketsPerUser;
    final int maxHoldExtensions;
    final Map<String, Integer> capacity = new LinkedHashMap<>();
    final List<Hold> holds = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();
    /** Waiting entries ended because the section could never serve them. */
    int endedUnservable;
    private final Supplier<UUID> ids;
    private long sequence;

    ReferenceInventory(long eventId, int holdSeconds, Integer maxTicketsPerUser, int maxHoldExtensions,
                       Map<String, Integer> sections, Supplier<UUID> ids) {
        this.eventId = eventId;
        this.holdSeconds = holdSeconds;
        this.maxTicketsPerUser = maxTicketsPerUser;
        this.maxHoldExtensions = maxHoldExtensions;
        this.capacity.putAll(sections);
        this.ids = ids;
    }

    // ---- counters, always computed from the rows

    int held(String section) {
        return holds.stream().filter(h -> h.section.equals(section) && h.status.equals("held"))
                .mapToInt(h -> h.quantity).sum();
    }

    int sold(String section) {
        return holds.stream().filter(h -> h.section.equals(section) && h.status.equals("purchased"))
                .mapToInt(h -> h.quantity).sum();
    }

    int available(String section) {
        return capacity.get(section) - held(section) - sold(section);
    }

    int waiting(String section) {
        return entries.stream().filter(e -> e.section.equals(section) && e.status.equals("waiting"))
                .mapToInt(e -> e.quantity).sum();
    }

    /** Held and not yet due, purchased, or waited for: what counts toward the per-user limit at {@code now}. */
    int counted(long user, Instant now) {
        int holding = holds.stream()
                .filter(h -> h.user == user && (h.status.equals("purchased") || h.status.equals("held") && !h.due(now)))
                .mapToInt(h -> h.quantity).sum();
        int waitingFor = entries.stream().filter(e -> e.user == user && e.status.equals("waiting"))
                .mapToInt(e -> e.quantity).sum();
        return holding + waitingFor;
    }

    Hold hold(UUID id) {
        return holds.stream().filter(h -> h.id.equals(id)).findFirst().orElse(null);
    }

    Entry entry(UUID id) {
        return entries.stream().filter(e -> e.id.equals(id)).findFirst().orElse(null);
    }

    // ---- commands

    Result reserve(UUID requestId, long user, String section, int quantity, Instant now) {
        if (!capacity.containsKey(section)) {
            return rejected("not_found");
        }
        if (overLimit(user, quantity, now)) {
            return rejected("limit_exceeded");
        }
        if (waiting(section) > 0 || available(section) < quantity) {
            releaseDue(section, now);
        }
        if (waiting(section) > 0 || available(section) < quantity) {
            return rejected("sold_out");
        }
        Hold hold = newHold(user, section, quantity, requestId, null, now);
        return new Result("succeeded", hold.id, null);
    }

    Result purchase(UUID requestId, long user, UUID reservationId, Instant now) {
        Hold hold = hold(reservationId);
        if (hold == null || hold.user != user) {
            return rejected("not_found");
        }
        if (hold.due(now)) {
            expire(hold, requestId, now);
            return rejected("hold_expired");
        }
        switch (hold.status) {
            case "purchased":
                return rejected("already_purchased");
            case "cancelled":
                return rejected("not_held");
            case "expired":
                return rejected("hold_expired");
            default:
                hold.status = "purchased";
                publish("reservation_purchased", hold, requestId);
                offer(hold.section, now);
                return new Result("succeeded", hold.id, null);
        }
    }

    Result cancel(UUID requestId, long user, UUID reservationId, Instant now) {
        Hold hold = hold(reservationId);
        if (hold == null || hold.user != user) {
            return rejected("not_found");
        }
        if (hold.due(now)) {
            expire(hold, requestId, now);
        }
        if (!hold.status.equals("held")) {
            return rejected("not_held");
        }
        hold.status = "cancelled";
        publish("reservation_cancelled", hold, requestId);
        offer(hold.section, now);
        return new Result("succeeded", hold.id, null);
    }

    Result release(UUID requestId, UUID reservationId, Instant now) {
        Hold hold = hold(reservationId);
        if (hold == null || !hold.due(now)) {
            return new Result("ignored", null, null);
        }
        expire(hold, requestId, now);
        return new Result("succeeded", hold.id, null);
    }

    Result extend(UUID requestId, long user, UUID reservationId, Instant now) {
        Hold hold = hold(reservationId);
        if (hold == null || hold.user != user) {
            return rejected("not_found");
        }
        if (hold.due(now)) {
            expire(hold, requestId, now);
            return rejected("hold_expired");
        }
        if (hold.status.equals("purchased") || hold.status.equals("cancelled")) {
            return rejected("not_held");
        }
        if (hold.status.equals("expired")) {
            return rejected("hold_expired");
        }
        if (hold.extensions >= maxHoldExtensions) {
            return rejected("extension_limit");
        }
        hold.extensions++;
        hold.expiresAt = now.plusSeconds(holdSeconds);
        publish("reservation_extended", hold, requestId);
        return new Result("succeeded", hold.id, null);
    }

    Result changeCapacity(UUID requestId, String section, int newCapacity, Instant now) {
        if (!capacity.containsKey(section)) {
            return rejected("not_found");
        }
        if (newCapacity < held(section) + sold(section)) {
            releaseDue(section, now);
        }
        if (newCapacity < held(section) + sold(section)) {
            return rejected("capacity_conflict");
        }
        int before = capacity.put(section, newCapacity);
        changes.add(new Change("section_capacity_changed", ++sequence, null, requestId, null, section,
                newCapacity - before, null, null, newCapacity, available(section), held(section), sold(section)));
        offer(section, now);
        return new Result("succeeded", null, null);
    }

    Result join(UUID requestId, long user, String section, int quantity, Instant now) {
        if (!capacity.containsKey(section)) {
            return rejected("not_found");
        }
        boolean waitsThere = entries.stream()
                .anyMatch(e -> e.user == user && e.section.equals(section) && e.status.equals("waiting"));
        if (waitsThere) {
            return rejected("already_waiting");
        }
        if (overLimit(user, quantity, now)) {
            return rejected("limit_exceeded");
        }
        if (quantity > capacity.get(section) - sold(section)) {
            return rejected("sold_out");
        }
        if (waiting(section) == 0 && available(section) < quantity) {
            releaseDue(section, now);
        }
        long order = entries.stream().filter(e -> e.section.equals(section)).count() + 1;
        Entry entry = new Entry(ids.get(), user, section, quantity, order, requestId);
        entries.add(entry);
        offer(section, now);
        return new Result("succeeded", null, entry.id);
    }

    Result leave(long user, UUID entryId, Instant now) {
        Entry entry = entry(entryId);
        if (entry == null || entry.user != user) {
            return rejected("not_found");
        }
        if (!entry.status.equals("waiting")) {
            return rejected("not_waiting");
        }
        entry.status = "left";
        offer(entry.section, now);
        return new Result("succeeded", null, entry.id);
    }

    // ---- what the commands share

    private boolean overLimit(long user, int quantity, Instant now) {
        return maxTicketsPerUser != null && counted(user, now) + quantity > maxTicketsPerUser;
    }

    /** Releases every due hold of the section, the earliest due first. */
    private void releaseDue(String section, Instant now) {
        holds.stream().filter(h -> h.section.equals(section) && h.due(now))
                .sorted(Comparator.comparing((Hold h) -> h.expiresAt).thenComparing(h -> h.id))
                .toList()
                .forEach(h -> expire(h, null, now));
    }

    private void expire(Hold hold, UUID requestId, Instant now) {
        hold.status = "expired";
        publish("reservation_expired", hold, requestId);
        offer(hold.section, now);
    }

    /**
     * The head of the section's queue gets its tickets while they are there; nobody overtakes it. A head that asks for
     * more than the section can ever offer again (capacity less sold) leaves the queue.
     */
    private void offer(String section, Instant now) {
        while (true) {
            Entry head = entries.stream().filter(e -> e.section.equals(section) && e.status.equals("waiting"))
                    .min(Comparator.comparingLong(e -> e.order)).orElse(null);
            if (head != null && head.quantity > capacity.get(section) - sold(section)) {
                head.status = "left";
                endedUnservable++;
                continue;
            }
            if (head == null || available(section) < head.quantity) {
                return;
            }
            head.status = "offered";
            newHold(head.user, section, head.quantity, head.requestId, head.id, now);
        }
    }

    private Hold newHold(long user, String section, int quantity, UUID requestId, UUID entryId, Instant now) {
        Hold hold = new Hold(ids.get(), user, section, quantity, requestId, entryId, now.plusSeconds(holdSeconds));
        holds.add(hold);
        publish("reservation_held", hold, requestId);
        return hold;
    }

    private void publish(String type, Hold hold, UUID requestId) {
        changes.add(new Change(type, ++sequence, hold.id, requestId, hold.user, hold.section, hold.quantity,
                hold.expiresAt, hold.entryId, capacity.get(hold.section), available(hold.section),
                held(hold.section), sold(hold.section)));
    }

    private static Result rejected(String code) {
        return new Result(code, null, null);
    }
}
