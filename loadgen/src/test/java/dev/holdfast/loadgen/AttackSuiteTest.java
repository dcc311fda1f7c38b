package dev.holdfast.loadgen;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The attack suite's verdicts without a stack: exit codes, the honest sale's checks, the table. */
class AttackSuiteTest {

    private static HonestSale.Result sale(double p99, Map<String, Integer> answers) {
        return new HonestSale.Result(300, p99 / 3, p99, p99 * 2, answers);
    }

    private static AttackSuite.Outcome outcome(String name, List<String> failures, double during) {
        return new AttackSuite.Outcome(name, "what it checks", failures, List.of("a note"),
                sale(40, Map.of("201", 300)), sale(during, Map.of("201", 300)), 12, true);
    }

    @Test
    void everyScenarioPassedIsZeroAndAnyFailureIsOne() {
        assertThat(AttackSuite.exitCode(List.of(outcome("a", List.of(), 50), outcome("b", List.of(), 60)))).isZero();
        assertThat(AttackSuite.exitCode(List.of(outcome("a", List.of(), 50), outcome("b", List.of("broke"), 60))))
                .isEqualTo(1);
    }

    @Test
    void theHonestSaleFailsOnA5xxOrNoAnswerAndOnAP99PastTheRatio() {
        assertThat(AttackSuite.honestFailures(sale(80, Map.of("201", 300)), 40, 2.0)).isEmpty();
        assertThat(AttackSuite.honestFailures(sale(81, Map.of("201", 300)), 40, 2.0)).singleElement()
                .asString().contains("2.03x");
        assertThat(AttackSuite.honestFailures(sale(50, Map.of("201", 298, "500", 1, "no answer", 1)), 40, 2.0))
                .singleElement().asString().contains("2 answers 5xx or none");
        // a 409 or 429 is not a server error, but a sale with no answers at all has no p99 to pass with
        assertThat(AttackSuite.honestFailures(sale(Double.NaN, Map.of()), 40, 2.0)).hasSize(1);
    }

    @Test
    void thePercentileIsTheNearestRank() {
        List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        assertThat(HonestSale.percentile(hundred, 0.99)).isEqualTo(99.0);
        assertThat(HonestSale.percentile(hundred, 0.50)).isEqualTo(50.0);
        assertThat(HonestSale.percentile(List.of(7.0), 0.99)).isEqualTo(7.0);
        assertThat(HonestSale.percentile(List.of(), 0.99)).isNaN();
    }

    @Test
    void anEarlierRoundChecksServerErrorsButNotTheRatio() {
        double unchecked = Double.POSITIVE_INFINITY;
        assertThat(AttackSuite.honestFailures(sale(4_000, Map.of("201", 300)), 40, unchecked)).isEmpty();
        assertThat(AttackSuite.honestFailures(sale(50, Map.of("201", 299, "503", 1)), 40, unchecked)).singleElement()
                .asString().contains("5xx");
        var bytes = new ByteArrayOutputStream();
        AttackSuite.print(List.of(new AttackSuite.Outcome("scalpers", "what it checks", List.of(), List.of(),
                sale(40, Map.of("201", 300)), sale(400, Map.of("201", 300)), 12, false)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("PASS").contains("10.00x")
                .contains("the ratio printed, not checked");
    }

    @Test
    void aTemplateTakesAnyBytes() {
        byte[] nul = {0};
        assertThat(AttackSuite.fill("{\"name\":@}", nul)).containsExactly('{', '"', 'n', 'a', 'm', 'e', '"', ':', 0, '}');
    }

    @Test
    void theTablePrintsEachScenarioWithItsResultAndBothP99s() {
        var bytes = new ByteArrayOutputStream();
        AttackSuite.print(List.of(outcome("scalpers", List.of(), 50), outcome("poison", List.of("a 500"), 90)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("honest sale: alone 300 reserves, p50 13 ms; during 300 reserves, p50 17 ms, max 100 ms");
        assertThat(table.lines().filter(line -> line.startsWith("scalpers")).findFirst().orElseThrow())
                .contains("PASS").contains("40ms").contains("50ms").contains("1.25x");
        assertThat(table.lines().filter(line -> line.startsWith("poison")).findFirst().orElseThrow())
                .contains("FAIL").contains("2.25x");
        assertThat(table).contains("    FAILED: a 500").contains("    a note");
    }

    @Test
    void helpExitsZeroAndAnUnknownWordIsAWrongCommandLine() {
        var err = new StringWriter();
        CommandLine line = new CommandLine(new AttackSuite.Selection()).setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter()));
        assertThat(line.execute("--help")).isZero();
        assertThat(line.execute("--bogus")).isEqualTo(2);
    }

    @Test
    void theSuiteRefusesToAttackAnotherMachine() {
        var line = new CommandLine(new AttackSuite.Selection())
                .setExecutionExceptionHandler((failure, cmd, parsed) -> failure instanceof IllegalArgumentException
                        || failure instanceof IllegalStateException ? 2 : 3);
        // without HOLDFAST_ADMIN_TOKEN it stops first; with one, --url elsewhere is refused: either way, 2
        assertThat(line.execute("--url", "http://example.com:8080")).isEqualTo(2);
    }
}
