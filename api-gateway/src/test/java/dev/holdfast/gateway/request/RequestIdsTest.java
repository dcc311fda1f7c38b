package dev.holdfast.gateway.request;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00.123Z");
    private static final Caller ANA = new Caller(7L);
    private static final Caller BEN = new Caller(8L);

    private final RequestIds ids = new RequestIds(CommandGatewayTest.properties(0));

    @Test
    void anyInstanceWithTheSecretReadsTypeEventAndTimeBackFromAPlainId() {
        UUID id = ids.issue(ANA, null, CommandType.WAITLIST_JOIN, 42, NOW);

        var otherInstance = new RequestIds(CommandGatewayTest.properties(0));
        assertThat(otherInstance.verify(id, ANA, NOW.plusSeconds(5))).hasValueSatisfying(issued -> {
            assertThat(issued.type()).isEqualTo(CommandType.WAITLIST_JOIN);
            assertThat(issued.eventId()).isEqualTo(42L);
            assertThat(issued.submittedAt()).isEqualTo(NOW);
        });
        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void anIdVerifiesOnlyForTheCallerWhoSubmittedIt() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);

        assertThat(ids.verify(id, BEN, NOW)).isEmpty();
        assertThat(ids.verify(id, new Caller(null), NOW)).isEmpty();
    }

    @Test
    void aTamperedOrRandomIdDoesNotVerify() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);
        UUID otherEvent = new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() ^ (1L << 30));

        assertThat(ids.verify(otherEvent, ANA, NOW)).isEmpty();
        assertThat(ids.verify(UUID.randomUUID(), ANA, NOW)).isEmpty();
    }

    @Test
    void aPlainIdIsPendingOnlyWithinTheRetention() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);

        assertThat(ids.verify(id, ANA, NOW.plus(Duration.ofMinutes(59)))).isPresent();
        assertThat(ids.verify(id, ANA, NOW.plus(Duration.ofMinutes(61)))).isEmpty();
    }

    @Test
    void anIdempotencyKeyGivesOneIdPerCallerThatVerifiesForThatCallerOnly() {
        UUID first = ids.issue(ANA, "order-1", CommandType.RESERVE, 42, NOW);
        UUID retry = ids.issue(ANA, "order-1", CommandType.PURCHASE, 43, NOW.plusSeconds(60));

        assertThat(retry).isEqualTo(first);
        assertThat(ids.issue(BEN, "order-1", CommandType.RESERVE, 42, NOW)).isNotEqualTo(first);
        assertThat(ids.verify(first, ANA, NOW.plus(Duration.ofDays(30)))).hasValueSatisfying(issued ->
                assertThat(issued.type()).isNull());
        assertThat(ids.verify(first, BEN, NOW)).isEmpty();
    }
}
