package dev.holdfast.loadgen;

import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationChange;
import dev.holdfast.contracts.change.ReservationHeld;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A settled sale's stream is complete when every hold it started has ended once, whatever the buyers were told. */
class StreamCheckTest {

    private static final UUID FIRST = UUID.randomUUID();
    private static final UUID SECOND = UUID.randomUUID();

    private static ReservationChange held(long sequence, UUID reservation) {
        return new ReservationHeld(1, sequence, reservation, UUID.randomUUID(), 7L, "floor", 1, Instant.EPOCH,
                Instant.EPOCH, null, 10, 9, 1, 0);
    }

    private static ReservationChange cancelled(long sequence, UUID reservation) {
        return new ReservationCancelled(1, sequence, reservation, UUID.randomUUID(), 7L, "floor", 1, Instant.EPOCH,
                Instant.EPOCH, null, 10, 10, 0, 0);
    }

    @Test
    void holdsThatAllEndedMakeACompleteStreamHoweverManyThereAre() {
        assertThat(StreamCheck.everyHoldEndedOnce(List.of())).isTrue();
        assertThat(StreamCheck.everyHoldEndedOnce(List.of(held(1, FIRST), held(2, SECOND), cancelled(3, SECOND),
                cancelled(4, FIRST)))).isTrue();
    }

    @Test
    void aHoldThatNeverEndedMeansTheStreamStopsShort() {
        assertThat(StreamCheck.everyHoldEndedOnce(List.of(held(1, FIRST), held(2, SECOND), cancelled(3, FIRST))))
                .isFalse();
    }

    @Test
    void anEndWithoutItsHoldOrASecondEndIsNotAWholeHistory() {
        assertThat(StreamCheck.everyHoldEndedOnce(List.of(cancelled(1, FIRST)))).isFalse();
        assertThat(StreamCheck.everyHoldEndedOnce(List.of(held(1, FIRST), cancelled(2, FIRST), cancelled(3, FIRST))))
                .isFalse();
        assertThat(StreamCheck.everyHoldEndedOnce(List.of(held(1, FIRST), cancelled(2, FIRST), held(3, FIRST))))
                .isFalse();
    }
}
