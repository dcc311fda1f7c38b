package dev.holdfast.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PostgreSQL JDBC URL is taken apart into its server and database, so that the tools can use another database. */
class DatabaseUrlTest {

    @Test
    void anotherDatabaseOnTheSameServerKeepsHostPortAndParameters() {
        var url = DatabaseUrl.parse("jdbc:postgresql://db.example:6543/holdfast?sslmode=require", "app", "secret");

        assertThat(url.database()).isEqualTo("holdfast");
        assertThat(url.withDatabase("holdfast_bench").url())
                .isEqualTo("jdbc:postgresql://db.example:6543/holdfast_bench?sslmode=require");
        assertThat(url.withDatabase("holdfast_bench").user()).isEqualTo("app");
    }

    @Test
    void aUrlWithoutParametersRoundTrips() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/holdfast", "postgres", "").url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/holdfast");
    }

    @Test
    void anythingButAPostgresqlUrlIsRefusedWithTheUrlInTheMessage() {
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://x/y", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://x/y");
    }
}
