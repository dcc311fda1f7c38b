package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.problem.ApiException;

/** Who sent the request: the admin, or a user. Declare it as a controller parameter to require a token. */
public record Caller(Long userId) {

    static final Caller ADMIN = new Caller(null);

    public boolean isAdmin() {
        return userId == null;
    }

    /** @throws ApiException 403 for a user token */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.forbidden("this endpoint needs the admin token");
        }
    }

    /** @return the user's id; @throws ApiException 403 for the admin token, which owns no reservations */
    public long requireUser() {
        if (isAdmin()) {
            throw ApiException.forbidden("this endpoint needs a user token");
        }
        return userId;
    }
}
