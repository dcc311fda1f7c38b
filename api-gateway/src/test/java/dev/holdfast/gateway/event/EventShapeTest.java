package dev.holdfast.gateway.event;

import dev.holdfast.gateway.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.validation.Errors;
import org.springframework.validation.MapBindingResult;

import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventShapeTest {

    private final EventShape event = new EventShape(1, List.of(new EventShape.Section("floor", 10),
            new EventShape.Section("balcony", 200)), 4);

    private static Errors none() {
        return new MapBindingResult(new HashMap<>(), "request");
    }

    private static ApiException refusal(Runnable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class, call::run);
    }

    @Test
    void aWaitingListJoinLargerThanTheSectionIsRefusedOnQuantity() {
        var unlimited = new EventShape(1, List.of(new EventShape.Section("floor", 10)), null);
        ApiException refused = refusal(() -> unlimited.waitingListTickets(11, "floor", none()));

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("validation_failed");
        assertThat(refused.errors().get("quantity")).singleElement().asString().contains("capacity (10)");
        assertThat(unlimited.waitingListTickets(10, null, none())).isEqualTo(new EventShape.Tickets("floor", 10));
    }

    @Test
    void aWaitingListJoinLargerThanMaxTicketsPerUserIsRefusedOnQuantity() {
        ApiException refused = refusal(() -> event.waitingListTickets(5, "balcony", none()));

        assertThat(refused.errors().get("quantity")).singleElement().asString().contains("maxTicketsPerUser (4)");
        assertThat(event.waitingListTickets(4, "balcony", none())).isEqualTo(new EventShape.Tickets("balcony", 4));
    }

    @Test
    void aWaitingListJoinIsRefusedForEveryReasonAtOnce() {
        var small = new EventShape(1, List.of(new EventShape.Section("floor", 3)), 2);
        ApiException refused = refusal(() -> small.waitingListTickets(5, "pit", none()));

        assertThat(refused.errors()).containsKey("section");
        ApiException both = refusal(() -> small.waitingListTickets(5, null, none()));
        assertThat(both.errors().get("quantity")).hasSize(2);
    }

    @Test
    void aReserveIsNotBoundByTheCapacityItMightWaitFor() {
        assertThat(event.reserve(50, "floor", null, null, null, none()))
                .isEqualTo(new EventShape.Reserve("floor", 50, null, null, null));
    }

    @Test
    void theBodysOwnErrorsAreAnsweredWithTheEventsAfterThem() {
        Errors errors = none();
        errors.rejectValue("quantity", "Range", "must be between 1 and 100");

        ApiException refused = refusal(() -> event.reserve(101, "pit", null, null, null, errors));

        assertThat(refused.errors()).containsOnlyKeys("quantity", "section");
        assertThat(refused.errors().get("quantity")).containsExactly("must be between 1 and 100");
    }

    @Test
    void aSeatPickedTwiceIsRefusedOncePerRepeatInThePicksOrder() {
        var seated = new EventShape(1, List.of(new EventShape.Section("stalls", 20, true)), null);

        ApiException refused = refusal(() -> seated.reserve(null, "stalls", List.of("B-1", "A-1", "B-1", "A-1",
                "A-1"), null, null, none()));

        assertThat(refused.errors().get("seats")).containsExactly("names B-1 more than once",
                "names A-1 more than once", "names A-1 more than once");
    }
}
