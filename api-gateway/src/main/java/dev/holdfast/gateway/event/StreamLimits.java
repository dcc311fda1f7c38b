package dev.holdfast.gateway.event;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams are open, per client address and on this gateway instance, so that one host (or a few) cannot
 * take every connection Tomcat has. A {@link Slot} is taken before a stream starts and given back exactly once
 * however the stream ends.
 */
final class StreamLimits {

    private final int perAddress;
    private final int perGateway;
    private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    StreamLimits(int perAddress, int perGateway) {
        if (perAddress < 1 || perGateway < 1) {
            throw new IllegalArgumentException("stream limits must be at least 1");
        }
        this.perAddress = perAddress;
        this.perGateway = perGateway;
    }

    /** A slot for one more stream from this address; empty when the address or the gateway is at its cap. */
    Optional<Slot> tryAcquire(String address) {
        if (total.incrementAndGet() > perGateway) {
            total.decrementAndGet();
            return Optional.empty();
        }
        boolean[] taken = {false};
        byAddress.compute(address, (key, open) -> {
            int count = open == null ? 0 : open;
            if (count >= perAddress) {
                return open;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            total.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Slot(address));
    }

    int open() {
        return total.get();
    }

    int open(String address) {
        return byAddress.getOrDefault(address, 0);
    }

    /** One open stream's place; {@link #release()} may be called from every way a stream ends, it counts once. */
    final class Slot {

        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String address) {
            this.address = address;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                byAddress.computeIfPresent(address, (key, open) -> open <= 1 ? null : open - 1);
                total.decrementAndGet();
            }
        }
    }
}
