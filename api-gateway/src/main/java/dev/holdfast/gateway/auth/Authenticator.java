package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.config.GatewayProperties;
import dev.holdfast.gateway.problem.ApiException;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code Authorization: Bearer <token>} to a caller. User tokens are never revoked, so a token once found
 * is cached for the life of the process and the submit path does no database read for it; unknown tokens are not
 * cached, because another gateway instance may have just created them.
 */
@Component
public class Authenticator {

    private static final String BEARER = "bearer ";
    private static final int MAX_CACHED_TOKENS = 1_000_000;

    private final byte[] adminTokenHash;
    private final UserRepository users;
    private final Map<String, Long> userByTokenHash = new ConcurrentHashMap<>();

    Authenticator(GatewayProperties properties, UserRepository users) {
        this.adminTokenHash = Tokens.hash(properties.adminToken());
        this.users = users;
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
        Long cached = userByTokenHash.get(key);
        if (cached != null) {
            return new Caller(cached);
        }
        long userId = users.userOfToken(hash).orElseThrow(() -> ApiException.unauthorized("unknown token"));
        if (userByTokenHash.size() < MAX_CACHED_TOKENS) {
            userByTokenHash.put(key, userId);
        }
        return new Caller(userId);
    }

}
