package dev.holdfast.gateway.event;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SeatChangesTest {

    private static List<SeatChanges.Row> rows(String a, String b) {
        return List.of(new SeatChanges.Row("A", a), new SeatChanges.Row("B", b));
    }

    @Test
    void nothingChangedIsNoChange() {
        assertThat(SeatChanges.between(rows("AAHS", "AAB"), rows("AAHS", "AAB"))).isEmpty();
    }

    @Test
    void eachChangedSeatIsNamedWithItsLetterNowInRowAndSeatOrder() {
        var changes = SeatChanges.between(rows("AAAAAAAAAAAA", "AAB"), rows("AAAAAAAAAAHH", "SAB"));

        assertThat(changes).containsExactly(
                entry("A-11", "H"),
                entry("A-12", "H"),
                entry("B-1", "S"));
    }

    @Test
    void aReleasedSeatReadsA() {
        assertThat(SeatChanges.between(rows("HH", "S"), rows("AH", "S"))).containsExactly(
                entry("A-1", "A"));
    }

    @Test
    void changesBetweenTwoReadingsCoalesceToEachSeatsLatestLetter() {
        // between the readings: A-1 held then sold, A-2 held then released, A-3 held
        var before = rows("AAA", "A");
        var after = rows("SAH", "A");

        assertThat(SeatChanges.between(before, after)).containsExactly(
                entry("A-1", "S"),
                entry("A-3", "H"));
    }

    @Test
    void aRowNotReadBeforeIsAllChanged() {
        assertThat(SeatChanges.between(List.of(new SeatChanges.Row("A", "AA")), rows("AA", "HA")))
                .containsExactly(entry("B-1", "H"),
                        entry("B-2", "A"));
    }
}
