package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventShapeTest {

    private final EventShape event = new EventShape(1, List.of(new EventShape.Section("floor", 10),
            new EventShape.Section("balcony", 200)), 4);

    private static ApiException refusal(Runnable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class, call::run);
    }

    @Test
    void aWaitingListJoinLargerThanTheSectionIsRefusedOnQuantity() {
        var unlimited = new EventShape(1, List.of(new EventShape.Section("floor", 10)), null);
        ApiException refused = refusal(() -> unlimited.waitingListTickets(11, "floor"));

        assertThat(refused.status().value()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("validation_failed");
        assertThat(refused.errors().get("quantity")).singleElement().asString().contains("capacity (10)");
        assertThat(unlimited.waitingListTickets(10, null)).isEqualTo(new EventShape.Tickets("floor", 10));
    }

    @Test
    void aWaitingListJoinLargerThanMaxTicketsPerUserIsRefusedOnQuantity() {
        ApiException refused = refusal(() -> event.waitingListTickets(5, "balcony"));

        assertThat(refused.errors().get("quantity")).singleElement().asString().contains("maxTicketsPerUser (4)");
        assertThat(event.waitingListTickets(4, "balcony")).isEqualTo(new EventShape.Tickets("balcony", 4));
    }

    @Test
    void aWaitingListJoinIsRefusedForEveryReasonAtOnce() {
        var small = new EventShape(1, List.of(new EventShape.Section("floor", 3)), 2);
        ApiException refused = refusal(() -> small.waitingListTickets(5, "pit"));

        assertThat(refused.errors()).containsKey("section");
        ApiException both = refusal(() -> small.waitingListTickets(5, null));
        assertThat(both.errors().get("quantity")).hasSize(2);
    }

    @Test
    void aReserveIsNotBoundByTheCapacityItMightWaitFor() {
        assertThat(event.reserve(50, "floor", null, null, null))
                .isEqualTo(new EventShape.Reserve("floor", 50, null, null, null));
        assertThatThrownBy(() -> event.reserve(101, "floor", null, null, null)).isInstanceOf(ApiException.class);
    }
}
