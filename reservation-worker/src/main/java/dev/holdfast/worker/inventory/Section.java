package dev.holdfast.worker.inventory;

/**
 * The ticket counters of one section. Every transition keeps {@code available + held + sold == capacity}; the
 * methods assume their precondition was checked by {@link EventInventory} and fail loudly if it was not.
 *
 * @param waiting            tickets asked for by waiting-list entries still waiting
 * @param lastWaitlistOrder  the join order given to the section's latest waiting-list entry
 */
public record Section(String code, int capacity, int available, int held, int sold, int waiting,
                      long lastWaitlistOrder) {

    public Section {
        if (available < 0 || held < 0 || sold < 0 || waiting < 0 || available + held + sold != capacity) {
            throw new IllegalStateException("section " + code + " counters do not add up: capacity " + capacity
                    + ", available " + available + ", held " + held + ", sold " + sold + ", waiting " + waiting);
        }
    }

    /** A section nobody has ever waited for. */
    public Section(String code, int capacity, int available, int held, int sold) {
        this(code, capacity, available, held, sold, 0, 0);
    }

    Section hold(int quantity) {
        return new Section(code, capacity, available - quantity, held + quantity, sold, waiting, lastWaitlistOrder);
    }

    Section returnHold(int quantity) {
        return new Section(code, capacity, available + quantity, held - quantity, sold, waiting, lastWaitlistOrder);
    }

    Section sell(int quantity) {
        return new Section(code, capacity, available, held - quantity, sold + quantity, waiting, lastWaitlistOrder);
    }

    Section resize(int newCapacity) {
        return new Section(code, newCapacity, newCapacity - held - sold, held, sold, waiting, lastWaitlistOrder);
    }

    /** A new entry waits for {@code quantity} tickets; it is given the next join order. */
    Section enqueue(int quantity) {
        return new Section(code, capacity, available, held, sold, waiting + quantity, lastWaitlistOrder + 1);
    }

    /** A waiting entry left, or was offered its tickets. */
    Section dequeue(int quantity) {
        return new Section(code, capacity, available, held, sold, waiting - quantity, lastWaitlistOrder);
    }
}
