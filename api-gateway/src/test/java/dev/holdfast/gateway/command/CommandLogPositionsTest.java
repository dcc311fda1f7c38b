package dev.holdfast.gateway.command;

import dev.holdfast.contracts.TopicNames;
import dev.holdfast.contracts.Topics;
import dev.holdfast.gateway.config.TestGatewayProperties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CommandLogPositionsTest {

    private static final String TOPIC = "reservation-commands";

    @Test
    void anEventsPartitionIsTheOneTheProducersDefaultPartitionerChooses() {
        for (int partitions : new int[]{1, 4, 12, 50}) {
            for (long eventId = 1; eventId < 5_000; eventId += 7) {
                byte[] key = Topics.key(eventId).getBytes(StandardCharsets.UTF_8);
                assertThat(CommandLogPositions.partitionOf(eventId, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }

    @Test
    void aPositionNeverWaitsForKafkaAndIsUnknownUntilKafkaAnswered() {
        var admin = mock(AdminClient.class);
        var description = new KafkaFutureImpl<Map<String, TopicDescription>>();
        var describe = mock(DescribeTopicsResult.class);
        when(describe.allTopicNames()).thenReturn(description);
        when(admin.describeTopics(anyCollection())).thenReturn(describe);
        var committed = new KafkaFutureImpl<Map<TopicPartition, OffsetAndMetadata>>();
        var offsets = mock(ListConsumerGroupOffsetsResult.class);
        when(offsets.partitionsToOffsetAndMetadata()).thenReturn(committed);
        when(admin.listConsumerGroupOffsets(anyString(), any())).thenReturn(offsets);
        var atTime = new KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo>();
        var listed = mock(ListOffsetsResult.class);
        when(listed.partitionResult(any())).thenReturn(atTime);
        when(admin.listOffsets(anyMap(), any())).thenReturn(listed);
        var positions = new CommandLogPositions(admin, new TopicNames(TOPIC, "reservation-events"),
                TestGatewayProperties.withRate(0));
        Instant submitted = Instant.now();

        // Kafka has not answered anything: unknown at once, and each question asked once
        assertThat(positions.ofSubmission(42, submitted)).isNull();
        assertThat(positions.ofOffset(42, 100)).isNull();
        verify(admin, times(1)).describeTopics(anyCollection());

        description.complete(Map.of(TOPIC, new TopicDescription(TOPIC, false, List.of(
                new TopicPartitionInfo(0, null, List.of(), List.of())))));
        assertThat(positions.ofSubmission(42, submitted)).isNull();
        assertThat(positions.ofOffset(42, 100)).isNull();
        verify(admin, times(1)).listOffsets(anyMap(), any());
        verify(admin, times(1)).listConsumerGroupOffsets(anyString(), any());

        atTime.complete(new ListOffsetsResult.ListOffsetsResultInfo(90, submitted.toEpochMilli(),
                java.util.Optional.empty()));
        committed.complete(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(80)));
        assertThat(positions.ofOffset(42, 100)).isEqualTo(20);
        assertThat(positions.ofSubmission(42, submitted)).isEqualTo(10);
    }

    @Test
    void aFailedQuestionLeavesThePositionUnknown() {
        var admin = mock(AdminClient.class);
        var describe = mock(DescribeTopicsResult.class);
        KafkaFuture<Map<String, TopicDescription>> failed = KafkaFuture.completedFuture(Collections.emptyMap());
        when(describe.allTopicNames()).thenReturn(failed);
        when(admin.describeTopics(anyCollection())).thenReturn(describe);
        var positions = new CommandLogPositions(admin, new TopicNames(TOPIC, "reservation-events"),
                TestGatewayProperties.withRate(0));

        assertThat(positions.ofSubmission(42, Instant.now())).isNull();
        assertThat(positions.ofOffset(42, 1)).isNull();
    }
}
