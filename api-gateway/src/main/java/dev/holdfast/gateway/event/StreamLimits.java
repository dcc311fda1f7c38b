package dev.holdfast.gateway.event;

import dev.holdfast.gateway.limit.KeyedSlots;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams are open, per client address and on this gateway instance, so that one host (or a few) cannot
 * take every connection Tomcat has. A {@link Slot} is taken before a stream starts and given back exactly once
 * however the stream ends.
 */
final class StreamLimits {

    private final KeyedSlots<String> byAddress;
    private final int perGateway;
    private final AtomicInteger total = new AtomicInteger();

    StreamLimits(int perAddress, int perGateway) {
        if (perAddress < 1 || perGateway < 1) {
            throw new IllegalArgumentException("stream limits must be at least 1");
        }
        this.byAddress = new KeyedSlots<>(perAddress);
        this.perGateway = perGateway;
    }

    /** A slot for one more stream from this address; empty when the address or the gateway is at its cap. */
    Optional<Slot> tryAcquire(String address) {
        if (total.incrementAndGet() > perGateway) {
            total.decrementAndGet();
            return Optional.empty();
        }
        Optional<Runnable> addressSlot = byAddress.tryAcquire(address);
        if (addressSlot.isEmpty()) {
            total.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Slot(addressSlot.get()));
    }

    int open() {
        return total.get();
    }

    int open(String address) {
        return byAddress.open(address);
    }

    /** One open stream's place; {@link #release()} may be called from every way a stream ends, it counts once. */
    final class Slot {

        private final Runnable addressSlot;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Runnable addressSlot) {
            this.addressSlot = addressSlot;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                addressSlot.run();
                total.decrementAndGet();
            }
        }
    }
}
