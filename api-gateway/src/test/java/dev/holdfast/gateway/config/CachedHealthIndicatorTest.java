package dev.holdfast.gateway.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A flood of health requests costs one database query or Kafka call per time-to-live, not one each. */
class CachedHealthIndicatorTest {

    @Test
    void aFloodOfHealthChecksFromManyThreadsRunsTheCheckOnce() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        var health = new CachedHealthIndicator(() -> {
            checks.incrementAndGet();
            return Health.up().build();
        }, Duration.ofHours(1));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Status>> answers = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> health.health().getStatus(), clients));
            }
            for (CompletableFuture<Status> answer : answers) {
                assertThat(answer.get()).isEqualTo(Status.UP);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(checks).hasValue(1);
    }

    @Test
    void aStaleAnswerIsCheckedAgainSoAnOutageShows() {
        AtomicInteger checks = new AtomicInteger();
        var health = new CachedHealthIndicator(() -> checks.incrementAndGet() == 1
                ? Health.up().build() : Health.down().build(), Duration.ofMillis(20));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
    }
}
