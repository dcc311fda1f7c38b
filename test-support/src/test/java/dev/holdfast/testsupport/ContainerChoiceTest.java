package dev.holdfast.testsupport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerChoiceTest {

    /** An engine with some images, and pull answers for others (null: the pull brings the image). */
    private static final class Engine implements ContainerChoice.Images {
        private final Set<String> present;
        private final Map<String, String> pullAnswers;
        private final List<String> pulls = new ArrayList<>();

        Engine(Set<String> present, Map<String, String> pullAnswers) {
            this.present = present;
            this.pullAnswers = pullAnswers;
        }

        @Override
        public boolean has(String image) {
            return present.contains(image);
        }

        @Override
        public String pull(String image) {
            pulls.add(image);
            return pullAnswers.getOrDefault(image, null);
        }
    }

    @Test
    void imagesAlreadyOnTheEngineChooseContainersWithoutAnyPull() {
        var engine = new Engine(Set.of("postgres:16-alpine", "apache/kafka:3.9.1"), Map.of());

        var decision = ContainerChoice.choose(engine, List.of("postgres:16-alpine", "apache/kafka:3.9.1"));

        assertThat(decision.containers()).isTrue();
        assertThat(engine.pulls).isEmpty();
        assertThat(decision.reason()).contains("has postgres:16-alpine, apache/kafka:3.9.1");
    }

    @Test
    void aMissingImageThatCannotBePulledFallsBackToLocalInfrastructureAndSaysWhich() {
        var engine = new Engine(Set.of("apache/kafka:3.9.1"),
                Map.of("postgres:16-alpine", "dial tcp: lookup registry-1.docker.io: no such host"));

        var decision = ContainerChoice.choose(engine,
                List.of("testcontainers/ryuk:0.12.0", "postgres:16-alpine", "apache/kafka:3.9.1"));

        assertThat(decision.containers()).isFalse();
        assertThat(decision.reason()).contains("postgres:16-alpine").contains("no such host");
        // the first image that cannot be had decides: nothing after it is pulled
        assertThat(engine.pulls).containsExactly("testcontainers/ryuk:0.12.0", "postgres:16-alpine");
    }

    @Test
    void missingImagesThatArePulledKeepContainers() {
        var engine = new Engine(Set.of(), Map.of());

        var decision = ContainerChoice.choose(engine, List.of("postgres:16-alpine", "apache/kafka:3.9.1"));

        assertThat(decision.containers()).isTrue();
        assertThat(engine.pulls).containsExactly("postgres:16-alpine", "apache/kafka:3.9.1");
        assertThat(decision.reason()).contains("pulled postgres:16-alpine, apache/kafka:3.9.1");
    }
}
