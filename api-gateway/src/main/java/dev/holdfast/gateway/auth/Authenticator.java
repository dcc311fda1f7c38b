package dev.holdfast.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import dev.holdfast.gateway.config.CacheProperties;
import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Resolves {@code Authorization: Bearer <token>} to a caller. User tokens are never revoked, so a token once found
 * is cached ({@code holdfast.gateway.caches.tokens}) and the submit path does no database read for it. A token the
 * database does not know is remembered briefly too ({@code holdfast.gateway.caches.unknown-tokens}), so that a
 * client repeating one costs no query; that is safe because a token is 256 random bits that nobody can send before
 * the gateway that created it has answered with it, and by then it is in the database.
 */
@Component
public class Authenticator {

    private static final String BEARER = "bearer ";

    private final byte[] adminTokenHash;
    private final UserRepository users;
    private final Cache<String, Long> userByTokenHash;
    private final Cache<String, Boolean> unknownTokenHashes;

    Authenticator(GatewayProperties properties, CacheProperties caches, UserRepository users) {
        this.adminTokenHash = Tokens.hash(properties.adminToken());
        this.users = users;
        this.userByTokenHash = caches.tokens().builder().build();
        this.unknownTokenHashes = caches.unknownTokens().builder().build();
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("send Authorization: Bearer <token>");
        }
        byte[] hash = Tokens.hash(authorization.substring(BEARER.length()).trim());
        if (MessageDigest.isEqual(hash, adminTokenHash)) {
            return Caller.ADMIN;
        }
        String key = HexFormat.of().formatHex(hash);
        Long cached = userByTokenHash.getIfPresent(key);
        if (cached != null) {
            return new Caller(cached);
        }
        if (unknownTokenHashes.getIfPresent(key) != null) {
            throw unknownToken();
        }
        Long userId = users.userOfToken(hash).orElse(null);
        if (userId == null) {
            unknownTokenHashes.put(key, Boolean.TRUE);
            throw unknownToken();
        }
        userByTokenHash.put(key, userId);
        return new Caller(userId);
    }

    private static ApiException unknownToken() {
        return ApiException.unauthorized("unknown token");
    }
}
