package dev.holdfast.tools;

/**
 * Makes sure the database of {@code HOLDFAST_DB_URL} exists on its server (used by {@code ./holdfast up}); the
 * services create the schema themselves, with Flyway. Prints the database's identity (its oid), which changes when
 * the database is dropped and created again: {@code ./holdfast} then knows that the local Kafka topics describe a
 * database that is gone.
 */
public final class EnsureDatabase {

    private EnsureDatabase() {
    }

    public static void main(String[] args) {
        DatabaseUrl database = DatabaseUrl.fromEnvironment();
        try {
            database.createIfMissing();
            System.out.println("database-oid " + database.oid());
        } catch (Exception e) {
            System.err.println("cannot reach PostgreSQL at " + database.url() + " as " + database.user() + ": "
                    + e.getMessage());
            System.err.println("start it, or point HOLDFAST_DB_URL / HOLDFAST_DB_USER / HOLDFAST_DB_PASSWORD at one");
            System.exit(1);
        }
    }
}
