package dev.holdfast.gateway.limit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code max} things open at once per key (a user's long-polls, an address's streams). A slot is taken
 * atomically under the map's lock on its key, and given back once however its holder ends: the release may be
 * called from every way out, it counts once. Keys with nothing open take no memory.
 */
public final class KeyedSlots<K> {

    private final int max;
    private final Map<K, Integer> open = new ConcurrentHashMap<>();

    public KeyedSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one slot per key");
        }
        this.max = max;
    }

    /** The release of a slot for this key, or empty when the key has {@code max} open already. */
    public Optional<Runnable> tryAcquire(K key) {
        boolean[] taken = {false};
        open.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        var released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            }
        });
    }

    public int open(K key) {
        return open.getOrDefault(key, 0);
    }

    public int max() {
        return max;
    }
}
