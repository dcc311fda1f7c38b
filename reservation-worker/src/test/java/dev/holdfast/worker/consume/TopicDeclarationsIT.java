package dev.holdfast.worker.consume;

import dev.holdfast.contracts.TopicDeclarations;
import dev.holdfast.contracts.TopicLayout;
import dev.holdfast.contracts.TopicNames;
import dev.holdfast.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one declaration of the topics, against a real broker: created when missing, never resized, checked. */
class TopicDeclarationsIT {

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
    }

    private static int partitionsOf(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    @Test
    void missingTopicsAreCreatedWithTheLayoutsPartitions() throws Exception {
        var names = new TopicNames("commands-" + UUID.randomUUID(), "events-" + UUID.randomUUID());
        try (Admin admin = admin()) {
            TopicDeclarations.ensure(admin, names, new TopicLayout(3, 2, (short) 1), TopicDeclarations.Use.ALL);

            assertThat(partitionsOf(admin, names.commands())).isEqualTo(3);
            assertThat(partitionsOf(admin, names.deadLetters())).isEqualTo(3);
            assertThat(partitionsOf(admin, names.events())).isEqualTo(2);
            // a second start with the same layout finds them as they are
            TopicDeclarations.ensure(admin, names, new TopicLayout(3, 2, (short) 1), TopicDeclarations.Use.ALL);
        }
    }

    @Test
    void aCommandLogWithAnotherPartitionCountIsNeverResizedAndTheServiceRefusesToStart() throws Exception {
        var names = new TopicNames("commands-" + UUID.randomUUID(), "events-" + UUID.randomUUID());
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(names.commands(), 2, (short) 1))).all().get();

            assertThatThrownBy(() -> TopicDeclarations.ensure(admin, names, new TopicLayout(4, 4, (short) 1),
                    TopicDeclarations.Use.COMMANDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(names.commands() + " has 2 partitions, the configuration says 4");
            assertThat(partitionsOf(admin, names.commands())).isEqualTo(2);
        }
    }
}
