package dev.holdfast.consumer;

import dev.holdfast.consumer.SectionTally.Counters;
import dev.holdfast.consumer.SectionTally.Result;
import dev.holdfast.contracts.change.ReservationCancelled;
import dev.holdfast.contracts.change.ReservationHeld;
import dev.holdfast.contracts.change.ReservationPurchased;
import dev.holdfast.contracts.change.SectionCapacityChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SectionTallyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final UUID RESERVATION = UUID.randomUUID();

    private static ReservationHeld held(long sequence, int quantity, int available, int held, int sold) {
        return new ReservationHeld(1, sequence, RESERVATION, UUID.randomUUID(), 7L, "floor", quantity, NOW, NOW, null, 10,
                available, held, sold);
    }

    @Test
    void eachChangeIsAppliedOnceWhateverTheDuplicates() {
        var tally = new SectionTally();
        var first = held(1, 2, 8, 2, 0);
        var second = new ReservationPurchased(1, 2, RESERVATION, UUID.randomUUID(), 7L, "floor", 2, NOW, NOW, null,
                10, 8, 0, 2);

        assertThat(tally.accept(first)).isEqualTo(Result.APPLIED);
        assertThat(tally.accept(first)).isEqualTo(Result.DUPLICATE);
        assertThat(tally.accept(second)).isEqualTo(Result.APPLIED);
        assertThat(tally.accept(first)).isEqualTo(Result.DUPLICATE);

        assertThat(tally.section(1, "floor")).isEqualTo(new Counters(10, 8, 0, 2));
        assertThat(tally.mismatches()).isZero();
    }

    @Test
    void aChangeThatComesEarlyWaitsForTheGapBeforeIt() {
        var tally = new SectionTally();
        var third = new ReservationCancelled(1, 3, RESERVATION, UUID.randomUUID(), 7L, "floor", 1, NOW, NOW, null,
                10, 8, 2, 0);

        assertThat(tally.accept(held(1, 2, 8, 2, 0))).isEqualTo(Result.APPLIED);
        assertThat(tally.accept(third)).isEqualTo(Result.WAITING_FOR_GAP);
        assertThat(tally.waiting(1)).isEqualTo(1);
        assertThat(tally.accept(held(2, 1, 7, 3, 0))).isEqualTo(Result.APPLIED);

        assertThat(tally.lastSequence(1)).isEqualTo(3);
        assertThat(tally.waiting(1)).isZero();
        assertThat(tally.section(1, "floor")).isEqualTo(new Counters(10, 8, 2, 0));
        assertThat(tally.mismatches()).isZero();
    }

    @Test
    void aCapacityChangeMovesCapacityAndAvailable() {
        var tally = new SectionTally();
        tally.accept(held(1, 4, 6, 4, 0));
        tally.accept(new SectionCapacityChanged(1, 2, null, UUID.randomUUID(), null, "floor", -2, NOW, null, null,
                8, 4, 4, 0));

        assertThat(tally.section(1, "floor")).isEqualTo(new Counters(8, 4, 4, 0));
        assertThat(tally.mismatches()).isZero();
    }

    @Test
    void aChangeAppliedTwiceWouldShowAsAMismatch() {
        var tally = new SectionTally();
        tally.accept(held(1, 2, 8, 2, 0));
        // a different change claiming the same counters as before cannot add up
        tally.accept(held(2, 2, 8, 2, 0));

        assertThat(tally.mismatches()).isEqualTo(1);
    }
}
