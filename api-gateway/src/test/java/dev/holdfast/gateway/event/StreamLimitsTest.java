package dev.holdfast.gateway.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class StreamLimitsTest {

    @Test
    void concurrentStreamsFromOneAddressGetExactlyItsCap() throws Exception {
        StreamLimits limits = new StreamLimits(20, 1_000);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Optional<StreamLimits.Slot>>> attempts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                attempts.add(() -> limits.tryAcquire("10.0.0.1"));
            }
            List<StreamLimits.Slot> granted = new ArrayList<>();
            for (Future<Optional<StreamLimits.Slot>> attempt : threads.invokeAll(attempts)) {
                attempt.get().ifPresent(granted::add);
            }
            assertThat(granted).hasSize(20);
            assertThat(limits.open()).isEqualTo(20);

            // each end of a stream may report itself more than once (error, then completion): it counts once
            List<Callable<Void>> releases = new ArrayList<>();
            for (StreamLimits.Slot slot : granted) {
                releases.add(() -> { slot.release(); return null; });
                releases.add(() -> { slot.release(); return null; });
            }
            for (Future<Void> release : threads.invokeAll(releases)) {
                release.get();
            }
            assertThat(limits.open()).isZero();
            assertThat(limits.open("10.0.0.1")).isZero();
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void theGatewayCapHoldsAcrossAddresses() throws Exception {
        StreamLimits limits = new StreamLimits(20, 100);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Optional<StreamLimits.Slot>>> attempts = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String address = "10.0." + (i % 50) + ".1";
                attempts.add(() -> limits.tryAcquire(address));
            }
            int granted = 0;
            for (Future<Optional<StreamLimits.Slot>> attempt : threads.invokeAll(attempts)) {
                granted += attempt.get().isPresent() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(100);
            assertThat(limits.open()).isEqualTo(100);
        } finally {
            threads.shutdown();
        }
    }
}
