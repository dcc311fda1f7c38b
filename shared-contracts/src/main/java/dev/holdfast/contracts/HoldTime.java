package dev.holdfast.contracts;

import java.time.Instant;

/**
 * When a hold is due: from its {@code expiresAt} on, by the database clock (ARCHITECTURE.md, invariant 6). The worker
 * releases due holds and counts them out of a user's tickets; the gateway shows a due hold as {@code expired} before
 * its release is applied, in SQL, since it filters and pages by that status; the expiry worker finds due holds in SQL.
 * Both forms of the one rule live here, and the gateway's {@code ReadModelIT} pins that they agree at the boundary.
 */
public final class HoldTime {

    private HoldTime() {
    }

    /** Whether a hold expiring at {@code expiresAt} is due at {@code now}. */
    public static boolean isDue(Instant expiresAt, Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * The same rule as a SQL condition: {@code expiresAt} and {@code now} are SQL expressions, such as
     * {@code "r.expires_at"} and {@code "now()"} (the transaction's start) or a parameter {@code "?"}.
     */
    public static String isDueSql(String expiresAt, String now) {
        return expiresAt + " <= " + now;
    }
}
