package dev.holdfast.worker.inventory;

import dev.holdfast.worker.inventory.SeatChoice.Chosen;
import dev.holdfast.worker.inventory.SeatChoice.NoAdjacent;
import dev.holdfast.worker.inventory.SeatChoice.SoldOut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The seat rules of API.md on small hand-drawn maps. A row is drawn one character per seat: {@code A H S B} for an
 * ordinary seat available, held, sold or blocked, {@code a h s b} for a wheelchair place, {@code |} for an aisle.
 * Rows are given front to back and labelled A, B, C… unless labels are given.
 */
class SeatMapTest {

    static SeatMap map(String... rows) {
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            labels.add(String.valueOf((char) ('A' + r)));
        }
        return labelled(labels, rows);
    }

    static SeatMap labelled(List<String> labels, String... rows) {
        return new SeatMap("stalls", drawn(labels, rows));
    }

    static List<SeatRow> drawn(List<String> labels, String... rows) {
        List<SeatRow> result = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            StringBuilder statuses = new StringBuilder();
            StringBuilder accessible = new StringBuilder();
            List<Integer> aisles = new ArrayList<>();
            for (char c : rows[r].toCharArray()) {
                if (c == '|') {
                    aisles.add(statuses.length());
                } else {
                    statuses.append(Character.toUpperCase(c));
                    accessible.append(Character.isLowerCase(c) ? 'w' : '.');
                }
            }
            result.add(new SeatRow(r, labels.get(r), statuses.toString(), accessible.toString(), aisles));
        }
        return result;
    }

    private static SeatChoice best(SeatMap map, int quantity) {
        return map.bestAvailable(quantity, true, false);
    }

    private static Chosen chosen(String... seats) {
        return new Chosen(List.of(seats));
    }

    // ---- blocks ----

    @Test
    void aBlockIsSideBySideInOneRowSkippingTakenSeats() {
        assertThat(best(map("AAHAAA"), 3)).isEqualTo(chosen("A-4", "A-5", "A-6"));
        assertThat(best(map("AASAA", "AAA"), 3)).isEqualTo(chosen("B-1", "B-2", "B-3"));
    }

    @Test
    void aBlockNeverCrossesAnAisle() {
        assertThat(best(map("AA|AA"), 3)).isEqualTo(new NoAdjacent(4));
        assertThat(best(map("AA|AAA"), 3)).isEqualTo(chosen("A-3", "A-4", "A-5"));
        assertThat(best(map("A|A|A|A", "AA|AA"), 2)).isEqualTo(chosen("B-1", "B-2"));
    }

    @Test
    void aBlockLeavingNoOrphanInALaterRowBeatsTheFrontRow() {
        // Row A: every block of 3 in seats 2..5 leaves one seat alone; row B has blocks that leave none.
        assertThat(best(map("HAAAAH", "AAAAAAA"), 3)).isEqualTo(chosen("B-3", "B-4", "B-5"));
    }

    @Test
    void avoidingAnOrphanBeatsTheCentreAndTheTieGoesToTheLowerSeat() {
        // The centred block 2..4 would leave seats 1 and 5 alone; 1..3 and 3..5 are equally far from the centre.
        assertThat(best(map("AAAAA"), 3)).isEqualTo(chosen("A-1", "A-2", "A-3"));
        // Of 8 seats, 3..5 is as close to the centre as 4..6 and lower, but leaves seat 2 alone (1 is blocked).
        assertThat(best(map("BAAAAAAA"), 3)).isEqualTo(chosen("A-4", "A-5", "A-6"));
    }

    @Test
    void whenEveryBlockLeavesAnOrphanTheFrontRowAndTheCentreDecide() {
        assertThat(best(map("HAAAAH", "AAAA"), 3)).isEqualTo(chosen("A-2", "A-3", "A-4"));
        assertThat(best(map("HHHHHH", "SAAAAS", "AAAA"), 3)).isEqualTo(chosen("B-2", "B-3", "B-4"));
    }

    @Test
    void aSeatAlreadyAloneBeforeTheReserveIsNotAnOrphanLeftByTheBlock() {
        // Seat A-1 was alone before; the block A-3..A-5 leaves nothing on its own sides, so the front row wins.
        assertThat(best(map("AHAAA", "AAAAAAA"), 3)).isEqualTo(chosen("A-3", "A-4", "A-5"));
    }

    @Test
    void aPlaceTheReserveMayNotTakeCountsAsTakenForOrphans() {
        // For an ordinary reserve the wheelchair place A-1 ends the run: any block of 4 in A-2..A-6 leaves one alone.
        assertThat(best(map("aAAAAA", "AAAAAAA"), 4)).isEqualTo(chosen("B-1", "B-2", "B-3", "B-4"));
        assertThat(best(map("AAAAAA", "AAAAAAA"), 4)).isEqualTo(chosen("A-1", "A-2", "A-3", "A-4"));
        // For an accessible reserve the ordinary seat A-4 ends the run the same way.
        assertThat(map("aaaA", "aaaa").bestAvailable(2, true, true)).isEqualTo(chosen("B-1", "B-2"));
    }

    @Test
    void theBlockClosestToTheCentreWinsTiesGoingToTheLowerSeat() {
        assertThat(best(map("AAAAAAAAAA"), 2)).isEqualTo(chosen("A-5", "A-6"));
        assertThat(best(map("AAAAAAAAAA"), 3)).isEqualTo(chosen("A-4", "A-5", "A-6"));
        assertThat(best(map("AAAAAAAAA"), 2)).isEqualTo(chosen("A-4", "A-5"));
    }

    @Test
    void theCentreCountsBlockedSeatsAndIgnoresAisles() {
        // Ten seats, centre 5.5: blocks may start at 4, 6 or 8 without an orphan; 4..6 is closest.
        assertThat(best(map("BBBAAAAAAA"), 3)).isEqualTo(chosen("A-4", "A-5", "A-6"));
        assertThat(best(map("AAAA|AAAAAA"), 2)).isEqualTo(chosen("A-5", "A-6"));
    }

    @Test
    void theFrontRowWinsAmongBlocksLeavingNoOrphan() {
        assertThat(best(map("HHHH", "AAAA", "AAAA"), 4)).isEqualTo(chosen("B-1", "B-2", "B-3", "B-4"));
    }

    // ---- accessible places ----

    @Test
    void wheelchairPlacesGoOnlyToAccessibleReservesWhichGetOnlyThem() {
        SeatMap map = map("aaAAAAaa");
        assertThat(map.bestAvailable(2, true, true)).isEqualTo(chosen("A-1", "A-2"));
        assertThat(map.bestAvailable(2, true, false)).isEqualTo(chosen("A-3", "A-4"));
        assertThat(map.bestAvailable(5, true, false)).isEqualTo(new SoldOut(4));
        assertThat(map.bestAvailable(5, false, true)).isEqualTo(new SoldOut(4));
        assertThat(map.bestAvailable(3, true, true)).isEqualTo(new NoAdjacent(4));
        // Split: two from one end and one from the other cost the same distance either way; lower ids win.
        assertThat(map.bestAvailable(3, false, true)).isEqualTo(chosen("A-1", "A-2", "A-7"));
    }

    // ---- sold out, no adjacent, split ----

    @Test
    void tooFewFreeSeatsIsSoldOutAndEnoughButNoBlockIsNoAdjacent() {
        SeatMap map = map("AHAHA");
        assertThat(best(map, 3)).isEqualTo(new NoAdjacent(3));
        assertThat(best(map, 4)).isEqualTo(new SoldOut(3));
        assertThat(map.bestAvailable(4, false, false)).isEqualTo(new SoldOut(3));
        assertThat(map.bestAvailable(3, false, false)).isEqualTo(chosen("A-1", "A-3", "A-5"));
    }

    @Test
    void withoutAdjacentABlockThatFitsStillFollowsTheBlockRules() {
        assertThat(map("AHAAA").bestAvailable(2, false, false)).isEqualTo(chosen("A-3", "A-4"));
        assertThat(map("HAAAAH", "AAAAAAA").bestAvailable(3, false, false))
                .isEqualTo(chosen("B-3", "B-4", "B-5"));
    }

    @Test
    void theBestSplitUsesTheFewestRowsBeforeTheFrontRows() {
        assertThat(map("AHA", "AHAHAHA").bestAvailable(4, false, false))
                .isEqualTo(chosen("B-1", "B-3", "B-5", "B-7"));
    }

    @Test
    void theBestSplitUsesTheFewestBlocksNext() {
        assertThat(map("AHAHAHA", "AAHAA").bestAvailable(4, false, false))
                .isEqualTo(chosen("B-1", "B-2", "B-4", "B-5"));
        assertThat(map("AA|AA", "AHAHAHA").bestAvailable(4, false, false))
                .isEqualTo(chosen("A-1", "A-2", "A-3", "A-4"));
    }

    @Test
    void theBestSplitPrefersAFrontBackMostRowToACloserDistance() {
        assertThat(map("AAHHHHHHAA", "HHHAAHAAHH").bestAvailable(4, false, false))
                .isEqualTo(chosen("A-1", "A-2", "A-9", "A-10"));
    }

    @Test
    void theBestSplitThenMinimisesTheDistanceToTheCentreThenTakesTheLowestIds() {
        // Nine seats; two blocks of 3+1 around the single centre seat cost 18 half-seats either way, 2+2 costs 20.
        assertThat(map("AAAHAHAAA").bestAvailable(4, false, false)).isEqualTo(chosen("A-1", "A-2", "A-3", "A-5"));
        // Five of six single seats in two rows: drop one end seat (all equally far); the lowest ids keep B-1.
        assertThat(map("HAHAHAH", "AHAHA").bestAvailable(5, false, false))
                .isEqualTo(chosen("A-2", "A-4", "A-6", "B-1", "B-3"));
    }

    @Test
    void bestAvailableChangesNothing() {
        SeatMap map = map("AAHA", "AAAA");
        List<SeatRow> before = map.rows();
        map.bestAvailable(3, false, false);
        map.bestAvailable(9, true, false);
        assertThat(map.rows()).isEqualTo(before);
        assertThat(map.changedRows()).isEmpty();
    }

    // ---- picks ----

    @Test
    void unavailableListsTakenSeatsInRowAndSeatOrderThenUnknownOnesInRequestOrderEachOnce() {
        SeatMap map = labelled(List.of("C", "A"), "AHSB", "AAHA");
        List<String> picked = List.of("A-3", "Z-1", "C-4", "C-2", "A-9", "C-3", "A-01", "C-2", "A-1", "Z-1", "C-1");
        assertThat(map.unavailable(picked)).containsExactly("C-2", "C-3", "C-4", "A-3", "Z-1", "A-9", "A-01");
        assertThat(map.unavailable(List.of("C-1", "A-4"))).isEmpty();
    }

    @Test
    void anyAvailableSeatMayBePickedWheelchairPlacesIncluded() {
        SeatMap map = map("aA|A");
        assertThat(map.unavailable(List.of("A-1", "A-2", "A-3"))).isEmpty();
        map.hold(List.of("A-1", "A-3"));
        assertThat(map.unavailable(List.of("A-1", "A-2", "A-3"))).containsExactly("A-1", "A-3");
    }

    // ---- transitions and counters ----

    @Test
    void holdSellAndReleaseMoveSeatsAndTheCounters() {
        SeatMap map = map("AAAB", "aaSH");
        assertThat(counters(map)).containsExactly(7, 5, 1, 1, 3, 4);

        map.hold(List.of("A-1", "A-2", "B-1"));
        assertThat(counters(map)).containsExactly(7, 2, 4, 1, 1, 4);
        map.sell(List.of("A-1", "B-1"));
        assertThat(counters(map)).containsExactly(7, 2, 2, 3, 1, 3);
        map.release(List.of("A-2", "B-4"));
        assertThat(counters(map)).containsExactly(7, 4, 0, 3, 3, 3);
        assertThat(map.rows()).extracting(SeatRow::statuses).containsExactly("SAAB", "SASA");
    }

    /** capacity, available, held, sold, free ordinary, unsold ordinary */
    private static List<Integer> counters(SeatMap map) {
        return List.of(map.capacity(), map.available(), map.held(), map.sold(), map.freeOrdinarySeats(),
                map.unsoldOrdinarySeats());
    }

    @Test
    void aTransitionWithAnySeatInTheWrongStatusChangesNothing() {
        SeatMap map = map("AAHSB");
        List<SeatRow> before = map.rows();
        assertThatThrownBy(() -> map.hold(List.of("A-1", "A-2", "A-3"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A-3");
        assertThatThrownBy(() -> map.hold(List.of("A-1", "A-5"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.sell(List.of("A-3", "A-1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.sell(List.of("A-4"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.release(List.of("A-3", "A-4"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.hold(List.of("A-1", "A-1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.hold(List.of("A-1", "B-1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.hold(List.of("A-6"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.rows()).isEqualTo(before);
        assertThat(counters(map)).containsExactly(4, 2, 1, 1, 2, 3);
        assertThat(best(map, 2)).isEqualTo(chosen("A-1", "A-2"));
    }

    @Test
    void heldAndReleasedSeatsAreGivenOutAgainByBestAvailable() {
        SeatMap map = map("AAAA");
        map.hold(List.of("A-2", "A-3"));
        assertThat(best(map, 2)).isEqualTo(new NoAdjacent(2));
        map.release(List.of("A-3"));
        assertThat(best(map, 2)).isEqualTo(chosen("A-3", "A-4"));
    }

    // ---- stored rows ----

    @Test
    void changedRowsAreTheRowsWhoseStatusesDifferFromTheStoredOnes() {
        SeatMap map = map("AAA", "AAA", "AAA");
        assertThat(map.changedRows()).isEmpty();

        map.hold(List.of("B-1", "C-3"));
        assertThat(map.changedRows()).containsExactly(
                new SeatRow(1, "B", "HAA", "...", List.of()), new SeatRow(2, "C", "AAH", "...", List.of()));

        map.markStored();
        assertThat(map.changedRows()).isEmpty();

        map.release(List.of("B-1"));
        assertThat(map.changedRows()).extracting(SeatRow::label, SeatRow::statuses)
                .containsExactly(tuple("B", "AAA"));
        map.hold(List.of("B-1"));
        assertThat(map.changedRows()).as("held, released, held again: as stored").isEmpty();
        map.sell(List.of("B-1"));
        assertThat(map.changedRows()).extracting(SeatRow::statuses).containsExactly("SAA");
    }

    @Test
    void aCopyIsIndependentAndKeepsTheStoredState() {
        SeatMap map = map("AAA|A");
        map.hold(List.of("A-1"));
        SeatMap copy = map.copy();
        assertThat(copy.changedRows()).extracting(SeatRow::statuses).containsExactly("HAAA");

        copy.hold(List.of("A-2"));
        copy.markStored();
        assertThat(map.rows()).extracting(SeatRow::statuses).containsExactly("HAAA");
        assertThat(map.held()).isEqualTo(1);
        assertThat(map.changedRows()).hasSize(1);
        assertThat(best(map, 2)).isEqualTo(chosen("A-2", "A-3"));
        assertThat(best(copy, 2)).isEqualTo(new NoAdjacent(2));
    }

    @Test
    void rowsGiveBackTheStoredShape() {
        List<SeatRow> rows = drawn(List.of("AA", "B"), "aAH|SB", "AAA");
        SeatMap map = new SeatMap("stalls", rows);
        assertThat(map.rows()).isEqualTo(rows);
        assertThat(map.rows().get(0)).isEqualTo(new SeatRow(0, "AA", "AAHSB", "w....", List.of(3)));
        assertThat(map.section()).isEqualTo("stalls");
    }

    // ---- validation ----

    @Test
    void aMalformedRowIsRefused() {
        assertRefused(new SeatRow(0, "A", "AAA", "..", List.of()));
        assertRefused(new SeatRow(0, "A", "AXA", "...", List.of()));
        assertRefused(new SeatRow(0, "A", "AAA", ".x.", List.of()));
        assertRefused(new SeatRow(0, "A", "AAA", "...", List.of(3)));
        assertRefused(new SeatRow(0, "A", "AAA", "...", List.of(0)));
        assertRefused(new SeatRow(0, "A", "AAAA", "....", List.of(2, 1)));
        assertRefused(new SeatRow(0, "A", "AAAA", "....", List.of(2, 2)));
        assertRefused(new SeatRow(0, "A", "", "", List.of()));
        assertRefused(new SeatRow(1, "A", "A", ".", List.of()));
        assertRefused(new SeatRow(0, "a", "A", ".", List.of()));
        assertRefused(new SeatRow(0, "A", "A".repeat(201), ".".repeat(201), List.of()));
        assertThatThrownBy(() -> new SeatMap("s", List.of(new SeatRow(0, "A", "A", ".", List.of()),
                new SeatRow(1, "A", "A", ".", List.of())))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(SeatRow row) {
        assertThatThrownBy(() -> new SeatMap("s", List.of(row))).isInstanceOf(IllegalArgumentException.class);
    }
}
