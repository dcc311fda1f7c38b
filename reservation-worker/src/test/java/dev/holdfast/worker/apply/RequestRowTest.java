package dev.holdfast.worker.apply;

import dev.holdfast.contracts.OutcomeChannel;
import dev.holdfast.contracts.SettledOutcome;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.worker.inventory.Reservation;
import dev.holdfast.worker.inventory.ReservationStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which outcomes travel whole in their notification, and in what state. */
class RequestRowTest {

    private static final Instant NOW = Instant.parse("2026-12-02T15:13:32.123456Z");
    private static final Instant SUBMITTED = Instant.parse("2026-12-02T15:13:32.100Z");

    private final Reservation purchased = new Reservation(UUID.randomUUID(), 4, "stalls", 7, 2,
            ReservationStatus.PURCHASED, UUID.randomUUID(), NOW.plusSeconds(300), NOW.minusSeconds(9), NOW, null, null,
            "ref", 1, null, List.of("A-11", "A-12"));

    private static RequestRow row(CommandType type, UUID reservationId, UUID entryId, Rejection rejection) {
        return new RequestRow(UUID.randomUUID(), type, 4, 7L, reservationId, entryId, rejection,
                rejection == null ? null : "why", "fingerprint", SUBMITTED, NOW,
                rejection == Rejection.SEATS_UNAVAILABLE ? List.of("B-1") : null);
    }

    @Test
    void aSuccessCarriesTheRequestAndItsReservationAsTheBatchLeftIt() {
        RequestRow extend = row(CommandType.EXTEND, purchased.id(), null, null);

        OutcomeChannel.Line line = extend.announcement(Map.of(purchased.id(), purchased));

        assertThat(line.requestId()).isEqualTo(extend.requestId());
        SettledOutcome outcome = SettledOutcome.fromJson(line.carried());
        assertThat(outcome).isEqualTo(new SettledOutcome(extend.requestId(), "extend", 4, 7L, purchased.id(), null,
                null, null, "fingerprint", SUBMITTED, NOW, new SettledOutcome.Reservation(purchased.id(), 4, "stalls",
                2, List.of("A-11", "A-12"), "purchased", NOW.plusSeconds(300), NOW.minusSeconds(9), NOW, null, null,
                "ref", 1, null)));
    }

    @Test
    void aRejectionNamingNoReservationIsCarriedWithItsProblem() {
        RequestRow seats = row(CommandType.RESERVE, null, null, Rejection.SEATS_UNAVAILABLE);

        SettledOutcome outcome = SettledOutcome.fromJson(seats.announcement(Map.of()).carried());

        assertThat(outcome.problemCode()).isEqualTo("seats_unavailable");
        assertThat(outcome.problemDetail()).isEqualTo("why");
        assertThat(outcome.unavailableSeats()).containsExactly("B-1");
        assertThat(outcome.reservation()).isNull();
    }

    @Test
    void whatTheBatchDoesNotKnowWholeGoesByItsIdAlone() {
        Map<UUID, Reservation> written = Map.of(purchased.id(), purchased);
        UUID unchanged = UUID.randomUUID();

        assertThat(List.of(
                row(CommandType.RELEASE, purchased.id(), null, null),
                row(CommandType.WAITLIST_JOIN, null, UUID.randomUUID(), null),
                row(CommandType.WAITLIST_LEAVE, null, UUID.randomUUID(), Rejection.NOT_WAITING),
                row(CommandType.PURCHASE, purchased.id(), null, Rejection.ALREADY_PURCHASED),
                row(CommandType.CANCEL, unchanged, null, null)))
                .allSatisfy(row -> assertThat(row.announcement(written))
                        .isEqualTo(OutcomeChannel.Line.idOnly(row.requestId())));
    }
}
