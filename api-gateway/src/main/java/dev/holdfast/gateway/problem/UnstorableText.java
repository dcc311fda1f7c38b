package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.holdfast.contracts.StorableText;

/**
 * What the JSON reader throws for a string PostgreSQL cannot store ({@link StorableText}: a NUL, a lone surrogate,
 * which a client may send as a JSON escape), wherever it is in a body: Jackson adds the field's path as it unwinds,
 * and the problem handler answers 422 keyed by that path, rather than a 500 or a command that poisons the worker's
 * batch.
 */
public final class UnstorableText extends JsonMappingException {

    public UnstorableText(JsonParser parser) {
        super(parser, StorableText.PROBLEM);
    }
}
