package dev.holdfast.gateway.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.holdfast.contracts.StorableText;
import dev.holdfast.gateway.problem.Problems;
import dev.holdfast.gateway.problem.UnstorableText;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The one place every string of every body passes: NUL and lone surrogates are refused wherever they are. And the
 * rest of the gateway's JSON: timestamps only as strings, problem documents as API.md has them.
 */
class JacksonConfigurationTest {

    record Section(String code, String name) {
    }

    record Body(String name, List<Section> sections, List<String> tags, Map<String, Object> extra) {
    }

    private final ObjectMapper json = mapper();

    private static ObjectMapper mapper() {
        var builder = new Jackson2ObjectMapperBuilder();
        new JacksonConfiguration().strictHoldfastJson().customize(builder);
        return builder.build();
    }

    private String refusedPath(String body) {
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(UnstorableText.class,
                () -> json.readValue(body, Body.class));
        assertThat(refused).as("refused: " + body).isNotNull();
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : refused.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName()
                    : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    @Test
    void aNulOrALoneSurrogateIsRefusedInEveryStringOfABodyWithItsPath() {
        assertThat(refusedPath("{\"name\":\"a\\u0000\"}")).isEqualTo(".name");
        assertThat(refusedPath("{\"sections\":[{\"code\":\"a\"},{\"code\":\"b\",\"name\":\"\\ud800\"}]}"))
                .isEqualTo(".sections[1].name");
        assertThat(refusedPath("{\"tags\":[\"ok\",\"\\udfff\"]}")).isEqualTo(".tags[1]");
        assertThat(refusedPath("{\"extra\":{\"deep\":[\"\\u0000\"]}}")).startsWith(".extra");
    }

    @Test
    void storableTextIsReadAsSent() throws Exception {
        Body body = json.readValue("{\"name\":\"caf\\u00e9 \\ud83c\\udfab\",\"tags\":[\"x\"]}", Body.class);

        assertThat(body.name()).isEqualTo("café \uD83C\uDFAB");
        assertThat(body.tags()).containsExactly("x");
    }

    @Test
    void storableTextMeansNoNulAndNoUnpairedSurrogate() {
        assertThat(StorableText.isStorable("")).isTrue();
        assertThat(StorableText.isStorable("\uD83C\uDFAB")).isTrue();
        assertThat(StorableText.isStorable("\u0000")).isFalse();
        assertThat(StorableText.isStorable("\uD83C")).isFalse();
        assertThat(StorableText.isStorable("\uDFAB\uD83C")).isFalse();
        assertThat(StorableText.isStorable("a\uD83Cb")).isFalse();
    }

    record Event(Instant startsAt) {
    }

    @Test
    void aTimestampIsAnIsoStringAndNeverANumber() throws Exception {
        assertThat(json.readValue("{\"startsAt\":\"2027-01-01T20:00:00Z\"}", Event.class).startsAt())
                .isEqualTo(Instant.parse("2027-01-01T20:00:00Z"));
        for (String number : List.of("1798761600", "1798761600.5")) {
            var refused = catchThrowableOfType(MismatchedInputException.class,
                    () -> json.readValue("{\"startsAt\":" + number + "}", Event.class));
            assertThat(refused).as(number).isNotNull();
            assertThat(refused.getTargetType()).isEqualTo(Instant.class);
        }
    }

    @Test
    void aProblemIsWrittenWithItsPropertiesAfterTheStandardMembersAndNoInstance() throws Exception {
        ProblemDetail problem = Problems.of("not_found", "Not found", 404, "no event 7");
        problem.setInstance(URI.create("/api/events/7"));

        assertThat(json.writeValueAsString(problem)).isEqualTo("{\"type\":\"https://holdfast.dev/problems/not-found\","
                + "\"title\":\"Not found\",\"status\":404,\"detail\":\"no event 7\",\"code\":\"not_found\"}");
    }

    @Test
    void aHugeNumberIsARefusalNotAServerError() {
        assertThatThrownBy(() -> json.readValue("{\"quantity\":" + "9".repeat(2_000) + "}", Map.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
