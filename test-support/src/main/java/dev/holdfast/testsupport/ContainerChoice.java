package dev.holdfast.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a test JVM can run its database and broker in Docker: a Docker engine answers, and every image the tests
 * start is on it or can be pulled. An engine that answers but cannot reach a registry (as on machines without
 * internet) is as good as none: the tests then use the local PostgreSQL and a broker in the JVM instead of failing
 * on the pull.
 */
final class ContainerChoice {

    /** The image Testcontainers 1.21 starts first, to remove the containers of a JVM that died. */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.12.0";

    /** A pull that reports nothing for this long is taken to have no registry behind it. */
    static final Duration PULL_SILENCE = Duration.ofSeconds(15);

    record Decision(boolean containers, boolean dockerAnswered, String reason) {
        static Decision local(String reason) {
            return new Decision(false, true, reason);
        }
    }

    /** The images of one Docker engine. */
    interface Images {
        boolean has(String image);

        /** Pulls the image: null once it is here, otherwise why it could not be had. */
        String pull(String image);
    }

    private ContainerChoice() {
    }

    /** Asks the Docker engine Testcontainers would use (no container is started). */
    static Decision decide(List<String> images) {
        DockerClient docker;
        try {
            List<DockerClientProviderStrategy> strategies = new ArrayList<>();
            ServiceLoader.load(DockerClientProviderStrategy.class).forEach(strategies::add);
            docker = DockerClientProviderStrategy.getFirstValidStrategy(strategies).getDockerClient();
        } catch (RuntimeException | LinkageError e) {
            // no engine, or one Testcontainers cannot use (an API version it does not speak): the details are logged by
            // org.testcontainers.dockerclient
            return new Decision(false, false, "no Docker engine that Testcontainers can use: " + e.getMessage());
        }
        List<String> needed = new ArrayList<>();
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            needed.add(RYUK_IMAGE);
        }
        needed.addAll(images);
        List<String> substituted = needed.stream()
                .map(image -> ImageNameSubstitutor.instance().apply(DockerImageName.parse(image)).asCanonicalNameString())
                .toList();
        try {
            return choose(new DockerImages(docker), substituted);
        } catch (RuntimeException e) {
            return Decision.local("Docker answers, but asking it for images failed: " + e);
        }
    }

    /** Pulls only what is missing, and stops at the first image that cannot be had. */
    static Decision choose(Images docker, List<String> images) {
        List<String> pulled = new ArrayList<>();
        for (String image : images) {
            if (docker.has(image)) {
                continue;
            }
            String failure = docker.pull(image);
            if (failure != null) {
                return Decision.local("Docker answers, but " + image + " is not on it and cannot be pulled: "
                        + failure);
            }
            pulled.add(image);
        }
        return new Decision(true, true, pulled.isEmpty() ? "Docker has " + String.join(", ", images)
                : "Docker pulled " + String.join(", ", pulled));
    }

    private record DockerImages(DockerClient docker) implements Images {

        @Override
        public boolean has(String image) {
            try {
                docker.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }

        @Override
        public String pull(String image) {
            DockerImageName name = DockerImageName.parse(image);
            var lastHeard = new AtomicLong(System.nanoTime());
            var failure = new AtomicReference<String>();
            var pulling = new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                    lastHeard.set(System.nanoTime());
                    if (item.isErrorIndicated()) {
                        failure.compareAndSet(null, item.getError() != null ? item.getError() : item.toString());
                    }
                }

                @Override
                public void onError(Throwable error) {
                    // recorded and reported by the decision, not logged as an error of the callback
                    failure.compareAndSet(null, String.valueOf(error.getMessage()));
                    try {
                        close();
                    } catch (java.io.IOException ignored) {
                        // the pull has failed either way
                    }
                }
            };
            try (var pull = docker.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart())
                    .exec(pulling)) {
                // a registry that answers reports layers every few seconds, however large the image
                while (!pull.awaitCompletion(1, TimeUnit.SECONDS)) {
                    if (System.nanoTime() - lastHeard.get() > PULL_SILENCE.toNanos()) {
                        return "no word from the registry for " + PULL_SILENCE.toSeconds() + " s";
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (java.io.IOException | RuntimeException e) {
                failure.compareAndSet(null, e.toString());
            }
            if (failure.get() != null) {
                return failure.get();
            }
            return has(image) ? null : "the pull ended without the image";
        }
    }
}
