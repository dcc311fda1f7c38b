package dev.holdfast.worker.inventory;

/**
 * The ticket counters of one section. Every transition keeps {@code available + held + sold == capacity}; the
 * methods assume their precondition was checked by {@link EventInventory} and fail loudly if it was not.
 */
public record Section(String code, int capacity, int available, int held, int sold) {

    public Section {
        if (available < 0 || held < 0 || sold < 0 || available + held + sold != capacity) {
            throw new IllegalStateException("section " + code + " counters do not add up: capacity " + capacity
                    + ", available " + available + ", held " + held + ", sold " + sold);
        }
    }

    Section hold(int quantity) {
        return new Section(code, capacity, available - quantity, held + quantity, sold);
    }

    Section returnHold(int quantity) {
        return new Section(code, capacity, available + quantity, held - quantity, sold);
    }

    Section sell(int quantity) {
        return new Section(code, capacity, available, held - quantity, sold + quantity);
    }

    Section resize(int newCapacity) {
        return new Section(code, newCapacity, newCapacity - held - sold, held, sold);
    }
}
