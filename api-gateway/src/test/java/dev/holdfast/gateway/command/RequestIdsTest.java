package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.config.TestGatewayProperties;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestIdsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00.123Z");
    private static final Caller ANA = new Caller(7L);
    private static final Caller BEN = new Caller(8L);
    private static final Caller ADMIN = new Caller(null);

    private final RequestIds ids = new RequestIds(TestGatewayProperties.withRate(0));

    private static GatewayProperties withSecret(String secret, Duration retention) {
        return with(with(TestGatewayProperties.withRate(0), "requestIdSecret", secret),
                "pendingRequestRetention", retention);
    }

    /** A copy with one component changed, whatever components the record has besides. */
    static GatewayProperties with(GatewayProperties properties, String name, Object value) {
        try {
            RecordComponent[] components = GatewayProperties.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(name) ? value
                        : components[i].getAccessor().invoke(properties);
            }
            return GatewayProperties.class.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anyInstanceWithTheSecretReadsTypeEventAndTimeBackFromAPlainId() {
        UUID id = ids.issue(ANA, null, CommandType.WAITLIST_JOIN, 42, NOW);

        var otherInstance = new RequestIds(TestGatewayProperties.withRate(0));
        assertThat(otherInstance.verify(id, ANA, NOW.plusSeconds(5))).hasValueSatisfying(issued -> {
            assertThat(issued.type()).isEqualTo(CommandType.WAITLIST_JOIN);
            assertThat(issued.eventId()).isEqualTo(42L);
            assertThat(issued.submittedAt()).isEqualTo(RequestIds.submissionTime(NOW))
                    .isEqualTo(Instant.parse("2026-11-22T12:00:00.100Z"));
        });
        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void anIdVerifiesOnlyForTheCallerWhoSubmittedIt() {
        UUID anas = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);
        UUID admins = ids.issue(ADMIN, null, CommandType.CAPACITY, 42, NOW);

        assertThat(ids.verify(anas, BEN, NOW)).isEmpty();
        assertThat(ids.verify(anas, ADMIN, NOW)).isEmpty();
        assertThat(ids.verify(admins, ANA, NOW)).isEmpty();
        assertThat(ids.verify(admins, ADMIN, NOW)).isPresent();
    }

    @Test
    void everyIdWithOneBitChangedDoesNotVerify() {
        for (UUID id : new UUID[]{ids.issue(ANA, null, CommandType.RESERVE, 42, NOW),
                ids.issue(ANA, "order-1", CommandType.RESERVE, 42, NOW)}) {
            for (int bit = 0; bit < 128; bit++) {
                UUID changed = bit < 64
                        ? new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() ^ (1L << bit))
                        : new UUID(id.getMostSignificantBits() ^ (1L << (bit - 64)), id.getLeastSignificantBits());
                assertThat(ids.verify(changed, ANA, NOW)).as("bit %d of %s", bit, id).isEmpty();
            }
        }
    }

    @Test
    void aRandomOrForgedIdIsNeverPending() {
        var random = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            // version 8 and variant 2, as the gateway's own ids, with every free bit random
            long msb = random.nextLong() & ~0xF000L | 0x8000L;
            long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
            assertThat(ids.verify(new UUID(msb, lsb), ANA, NOW)).isEmpty();
            assertThat(ids.verify(UUID.randomUUID(), ANA, NOW)).isEmpty();
        }
    }

    @Test
    void anIdFromAnotherSecretDoesNotVerify() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);
        UUID keyed = ids.issue(ANA, "order-1", CommandType.RESERVE, 42, NOW);
        var otherDeployment = new RequestIds(withSecret("another-secret-of-at-least-32-characters",
                Duration.ofHours(1)));

        assertThat(otherDeployment.verify(id, ANA, NOW)).isEmpty();
        assertThat(otherDeployment.verify(keyed, ANA, NOW)).isEmpty();
    }

    @Test
    void aPlainIdIsPendingOnlyWithinTheRetentionAndNeverAgainAfterIt() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);

        assertThat(ids.verify(id, ANA, NOW.plus(Duration.ofMinutes(59)))).isPresent();
        assertThat(ids.verify(id, ANA, NOW.plus(Duration.ofMinutes(61)))).isEmpty();
        // the id carries 20 bits of its 100 ms tick; the tag covers the whole tick, so the same bits later fail
        for (int windows = 1; windows <= 3; windows++) {
            Instant later = NOW.plus(RequestIds.WINDOW.multipliedBy(windows));
            assertThat(ids.verify(id, ANA, later)).isEmpty();
            assertThat(ids.verify(id, ANA, later.plusSeconds(1))).isEmpty();
        }
        // nor before it was issued (beyond the allowed clock skew)
        assertThat(ids.verify(id, ANA, NOW.minus(Duration.ofMinutes(2)))).isEmpty();
        assertThat(ids.verify(id, ANA, NOW.minusSeconds(30))).isPresent();
    }

    @Test
    void theDefaultRetentionOf24HoursHolds() {
        var day = new RequestIds(withSecret(TestGatewayProperties.REQUEST_ID_SECRET, Duration.ofHours(24)));
        UUID id = day.issue(ANA, null, CommandType.RESERVE, 42, NOW);

        assertThat(day.verify(id, ANA, NOW.plus(Duration.ofHours(24)).minusSeconds(1))).isPresent();
        assertThat(day.verify(id, ANA, NOW.plus(Duration.ofHours(24)).plusSeconds(1))).isEmpty();
    }

    @Test
    void aRetentionTheIdCannotTellApartIsRefusedAtStart() {
        assertThatThrownBy(() -> new RequestIds(withSecret(TestGatewayProperties.REQUEST_ID_SECRET,
                Duration.ofHours(30)))).hasMessageContaining("pending-request-retention");
    }

    @Test
    void idsOfOneUserInOneTickAreDistinct() {
        Set<UUID> issued = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID id = ids.issue(ANA, null, CommandType.RESERVE, 42, NOW);
            assertThat(ids.verify(id, ANA, NOW)).isPresent();
            issued.add(id);
        }
        assertThat(issued).hasSize(1000);
    }

    @Test
    void anEventIdBeyond24BitsStillGivesAnIdThatIsPendingWithoutItsEvent() {
        UUID id = ids.issue(ANA, null, CommandType.RESERVE, 1L << 24, NOW);

        assertThat(ids.verify(id, ANA, NOW)).hasValueSatisfying(issued -> {
            assertThat(issued.type()).isEqualTo(CommandType.RESERVE);
            assertThat(issued.eventId()).isNull();
        });
        assertThat(ids.verify(ids.issue(ANA, null, CommandType.RESERVE, (1L << 24) - 1, NOW), ANA, NOW))
                .hasValueSatisfying(issued -> assertThat(issued.eventId()).isEqualTo((1L << 24) - 1));
    }

    @Test
    void anIdempotencyKeyGivesOneIdPerCallerThatVerifiesForThatCallerOnly() {
        UUID first = ids.issue(ANA, "order-1", CommandType.RESERVE, 42, NOW);
        UUID retry = ids.issue(ANA, "order-1", CommandType.PURCHASE, 43, NOW.plusSeconds(60));
        var otherInstance = new RequestIds(TestGatewayProperties.withRate(0));

        assertThat(retry).isEqualTo(first);
        assertThat(otherInstance.issue(ANA, "order-1", CommandType.RESERVE, 42, NOW.plus(Duration.ofDays(3))))
                .isEqualTo(first);
        assertThat(ids.issue(BEN, "order-1", CommandType.RESERVE, 42, NOW)).isNotEqualTo(first);
        assertThat(ids.issue(ANA, "order-2", CommandType.RESERVE, 42, NOW)).isNotEqualTo(first);
        assertThat(ids.verify(first, ANA, NOW.plus(Duration.ofDays(30)))).hasValueSatisfying(issued ->
                assertThat(issued.type()).isNull());
        assertThat(ids.verify(first, BEN, NOW)).isEmpty();
        assertThat(first.version()).isEqualTo(8);
    }

    @Test
    void theSecretIsItsOwnAndLongEnough() {
        assertThatThrownBy(() -> new RequestIds(withSecret("short", Duration.ofHours(1))))
                .hasMessageContaining("HOLDFAST_REQUEST_ID_SECRET");
        String admin = "an-admin-token-of-at-least-32-characters";
        assertThatThrownBy(() -> new RequestIds(with(withSecret(admin, Duration.ofHours(1)), "adminToken", admin)))
                .hasMessageContaining("admin token");
    }

    @Test
    void withoutASecretEachInstanceHasARandomKeyOfItsOwn() {
        var one = new RequestIds(withSecret(null, Duration.ofHours(1)));
        var another = new RequestIds(withSecret("", Duration.ofHours(1)));
        UUID id = one.issue(ANA, null, CommandType.RESERVE, 42, NOW);

        assertThat(one.verify(id, ANA, NOW)).isPresent();
        assertThat(another.verify(id, ANA, NOW)).isEmpty();
        assertThat(ids.verify(id, ANA, NOW)).isEmpty();
    }
}
