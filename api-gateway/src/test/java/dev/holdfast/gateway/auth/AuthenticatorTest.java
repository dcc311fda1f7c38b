package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.config.TestCaches;
import dev.holdfast.gateway.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class AuthenticatorTest {

    private final UserRepository users = mock(UserRepository.class);
    private final GatewayProperties properties = mock(GatewayProperties.class);

    private Authenticator authenticator(CacheProperties caches) {
        when(properties.adminToken()).thenReturn("admin-token");
        return new Authenticator(properties, caches, users);
    }

    private static CacheProperties withTokenCacheOf(long maximumSize) {
        var defaults = TestCaches.caches();
        return new CacheProperties(defaults.events(), new CacheProperties.Cache(maximumSize, Duration.ofHours(1), null,
                null), new CacheProperties.Cache(maximumSize, null, Duration.ofSeconds(10), null),
                defaults.reservationOwners(), defaults.healthChecks(), defaults.seatMaps());
    }

    @Test
    void aRepeatedUnknownTokenIsUnauthorizedEveryTimeAndCostsOneQuery() {
        when(users.userOfToken(any())).thenReturn(Optional.empty());
        var authenticator = authenticator(TestCaches.caches());

        for (int i = 0; i < 1_000; i++) {
            assertThatThrownBy(() -> authenticator.authenticate("Bearer hf_guess"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("unauthorized");
                    });
        }
        verify(users, times(1)).userOfToken(any());
    }

    @Test
    void aKnownTokenCostsOneQuery() {
        when(users.userOfToken(any())).thenReturn(Optional.of(7L));
        var authenticator = authenticator(TestCaches.caches());

        for (int i = 0; i < 1_000; i++) {
            assertThat(authenticator.authenticate("Bearer hf_ana").userId()).isEqualTo(7L);
        }
        verify(users, times(1)).userOfToken(any());
    }

    @Test
    void theAdminTokenCostsNoQuery() {
        var authenticator = authenticator(TestCaches.caches());

        assertThat(authenticator.authenticate("bearer admin-token").isAdmin()).isTrue();
        verify(users, times(0)).userOfToken(any());
    }

    @Test
    void aFullTokenCacheEvictsAndStillCachesNewTokens() {
        when(users.userOfToken(any())).thenReturn(Optional.of(7L));
        var authenticator = authenticator(withTokenCacheOf(100));
        for (int i = 0; i < 10_000; i++) {
            authenticator.authenticate("Bearer hf_user-" + i);
        }

        authenticator.authenticate("Bearer hf_newest");
        authenticator.authenticate("Bearer hf_newest");
        authenticator.authenticate("Bearer hf_newest");

        verify(users, times(10_001)).userOfToken(any());
    }

    @Test
    void aFloodOfDistinctUnknownTokensDoesNotStopANewUnknownTokenFromBeingRemembered() {
        when(users.userOfToken(any())).thenReturn(Optional.empty());
        var authenticator = authenticator(withTokenCacheOf(100));
        for (int i = 0; i < 10_000; i++) {
            String token = "Bearer hf_guess-" + i;
            assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(ApiException.class);
        }

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authenticator.authenticate("Bearer hf_last-guess"))
                    .isInstanceOf(ApiException.class);
        }
        verify(users, times(10_001)).userOfToken(any());
    }
}
