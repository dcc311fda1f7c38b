package dev.holdfast.loadgen;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load generator's command line: defaults, clear errors, and the exit codes its help promises. */
class LoadGeneratorCommandLineTest {

    private final StringWriter errors = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new LoadGenerator()).setErr(new PrintWriter(errors)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(run("--help")).isZero();
        assertThat(run("--version")).isZero();
    }

    @Test
    void anUnknownOptionOrAWrongNumberIsAWrongCommandLine() {
        assertThat(run("--admin-token", "t", "--bogus")).isEqualTo(2);
        assertThat(errors.toString()).contains("Unknown option: '--bogus'");

        assertThat(run("--admin-token", "t", "--users", "many")).isEqualTo(2);
        assertThat(errors.toString()).contains("'many' is not an int");
    }

    @Test
    void sharesThatAddUpToMoreThanAllAreAWrongCommandLine() {
        assertThat(run("--admin-token", "t", "--purchase-share", "0.9", "--cancel-share", "0.2")).isEqualTo(2);
        assertThat(errors.toString()).contains("--purchase-share plus --cancel-share must not exceed 1");
    }

    @Test
    void theOptionsOfASaleAreCheckedWhenTheyAreMade() {
        assertThatThrownBy(() -> options("", 1000, 1)).hasMessageContaining("--admin-token");
        assertThatThrownBy(() -> options("t", 0, 1)).hasMessageContaining("--users must be at least 1");
        assertThatThrownBy(() -> options("t", 10, 5)).hasMessageContaining("--capacity must be at least --sections");
        assertThat(options("t", 10, 1).url()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void progressIsOffWhenNotWanted() {
        assertThat(Progress.choose(false)).isEqualTo(Progress.OFF);
        // tests do not run on a terminal: plain lines, never carriage returns
        assertThat(Progress.choose(true)).isEqualTo(Progress.LINES);
    }

    private static Options options(String token, int users, int sections) {
        return new Options("http://127.0.0.1:8080/", token, "sale", users, 10, 4, sections, 100, null, 0, 10, 0.5,
                0.2, 0, 10, "none", false, Progress.OFF);
    }
}
