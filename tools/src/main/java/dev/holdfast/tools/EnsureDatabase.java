package dev.holdfast.tools;

/**
 * Makes sure the database of {@code HOLDFAST_DB_URL} exists on its server (used by {@code ./holdfast up}); the
 * services create the schema themselves, with Flyway.
 */
public final class EnsureDatabase {

    private EnsureDatabase() {
    }

    public static void main(String[] args) {
        DatabaseUrl database = DatabaseUrl.fromEnvironment();
        try {
            database.createIfMissing();
        } catch (Exception e) {
            System.err.println("cannot reach PostgreSQL at " + database.url() + " as " + database.user() + ": "
                    + e.getMessage());
            System.err.println("start it, or point HOLDFAST_DB_URL / HOLDFAST_DB_USER / HOLDFAST_DB_PASSWORD at one");
            System.exit(1);
        }
    }
}
