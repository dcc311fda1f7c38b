package dev.holdfast.contracts;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one declaration of Holdfast's topics. A service that writes or reads a topic calls {@link #ensure} at start:
 * a missing topic is created with the {@link TopicLayout}'s partitions; an existing one must have exactly that many,
 * or the service refuses to start and says why. Partitions are never added silently (Spring's {@code KafkaAdmin}
 * adds them when a {@code NewTopic} bean asks for more, which would move events to other partitions mid-sale).
 * When Kafka cannot be reached at start, the check is skipped with a warning: the service starts, answers 503 or
 * waits, and the broker's topics are checked again at the next start.
 */
public final class TopicDeclarations {

    private static final System.Logger log = System.getLogger(TopicDeclarations.class.getName());
    private static final long TIMEOUT_SECONDS = 10;

    /** A service's topics. */
    public enum Use {
        /** the gateway and the expiry worker: they append commands */
        COMMANDS,
        /** the reservation worker: commands, their dead letters and reservation changes */
        ALL
    }

    private TopicDeclarations() {
    }

    /**
     * {@link #ensure(Admin, TopicNames, TopicLayout, Use)} with an admin client of these properties (a service's
     * {@code KafkaAdmin.getConfigurationProperties()}), closed afterwards.
     */
    public static void ensure(Map<String, Object> adminProperties, TopicNames names, TopicLayout layout, Use use) {
        try (Admin admin = Admin.create(adminProperties)) {
            ensure(admin, names, layout, use);
        }
    }

    /**
     * @throws IllegalStateException when a topic exists with another partition count than the layout's
     */
    public static void ensure(Admin admin, TopicNames names, TopicLayout layout, Use use) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put(names.commands(), layout.commandPartitions());
        if (use == Use.ALL) {
            wanted.put(names.deadLetters(), layout.commandPartitions());
            wanted.put(names.events(), layout.eventPartitions());
        }
        try {
            create(admin, wanted, layout.replicationFactor());
            Map<String, TopicDescription> found = admin.describeTopics(wanted.keySet()).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> wrong = new ArrayList<>();
            wanted.forEach((topic, partitions) -> {
                int actual = found.get(topic).partitions().size();
                if (actual != partitions) {
                    wrong.add("%s has %d partitions, the configuration says %d".formatted(topic, actual, partitions));
                }
            });
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("refusing to start: " + String.join("; ", wrong) + ". An event's "
                        + "partition is its key's hash modulo the partition count, so a different count moves events "
                        + "between partitions. Set holdfast.topics.command-partitions / event-partitions "
                        + "(HOLDFAST_COMMAND_PARTITIONS / HOLDFAST_EVENT_PARTITIONS) to the topics' counts; to change "
                        + "a count, drain the topic first (no command pending) and recreate it.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics", e);
        } catch (ExecutionException | TimeoutException e) {
            log.log(System.Logger.Level.WARNING, "could not check the topics {0} against the configuration (Kafka "
                    + "not reachable?): {1}", wanted.keySet(), e.toString());
        }
    }

    private static void create(Admin admin, Map<String, Integer> wanted, short replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> topics = new ArrayList<>();
        wanted.forEach((topic, partitions) -> topics.add(new NewTopic(topic, partitions, replicationFactor)));
        var created = admin.createTopics(topics).values();
        for (var entry : created.entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.log(System.Logger.Level.INFO, "created topic {0} with {1} partitions", entry.getKey(),
                        wanted.get(entry.getKey()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
