package dev.holdfast.testsupport;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A command that fails in the database every time, made for one test: a CHECK constraint, added until
 * {@link #close}, under which the database refuses every hold of one made-up user id. Nothing else makes a
 * well-formed command fail so: user ids reach the command log only from authenticated tokens, and reservations have
 * no foreign keys (migration V7).
 */
public final class RefusedHolds implements AutoCloseable {

    private final String constraint;
    private final long userId;

    private RefusedHolds(String constraint, long userId) {
        this.constraint = constraint;
        this.userId = userId;
    }

    /** Adds the constraint for a new made-up user id (checked for new rows only, without reading the table). */
    public static RefusedHolds add() throws SQLException {
        long userId = Long.MAX_VALUE - ThreadLocalRandom.current().nextLong(1_000_000_000L);
        var refused = new RefusedHolds("refused_holds_of_" + userId, userId);
        refused.execute("alter table reservations add constraint " + refused.constraint
                + " check (user_id <> " + userId + ") not valid");
        return refused;
    }

    /** The user whose holds the database refuses. */
    public long userId() {
        return userId;
    }

    /** The constraint's name, which the database's error names. */
    public String constraint() {
        return constraint;
    }

    @Override
    public void close() throws SQLException {
        execute("alter table reservations drop constraint if exists " + constraint);
    }

    private void execute(String sql) throws SQLException {
        try (var connection = TestInfrastructure.database().connect();
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
