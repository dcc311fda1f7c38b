package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed JSON files' format, on a small tree: what a regenerated golden file's bytes depend on. */
class GoldenJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aTreeIsWrittenInItsOrderWithTwoSpacesAColonThenASpaceAndOneNewlineAtTheEnd() throws Exception {
        assertThat(GoldenJson.text(tree("{\"b\":[1,{\"d\":null,\"c\":\"x\"}],\"a\":{},\"e\":[]}"))).isEqualTo("""
                {
                  "b": [
                    1,
                    {
                      "d": null,
                      "c": "x"
                    }
                  ],
                  "a": { },
                  "e": [ ]
                }
                """);
    }

    @Test
    void sortingOrdersTheKeysOfEveryObjectAndLeavesArraysInTheirOrder() throws Exception {
        JsonNode sorted = GoldenJson.sorted(tree("{\"b\":[{\"d\":1,\"c\":2},3,{}],\"a\":{\"z\":{\"y\":0,\"x\":0}}}"));

        assertThat(sorted.toString()).isEqualTo("{\"a\":{\"z\":{\"x\":0,\"y\":0}},\"b\":[{\"c\":2,\"d\":1},3,{}]}");
        assertThat(GoldenJson.sorted(sorted)).isEqualTo(sorted);
    }
}
