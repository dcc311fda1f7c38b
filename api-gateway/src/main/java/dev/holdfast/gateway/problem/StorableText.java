package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Text PostgreSQL can store: no NUL (U+0000), which {@code text} columns refuse, and no lone UTF-16 surrogate, which
 * has no UTF-8 encoding. A client may send either as a JSON escape ({@code "\u0000"}, {@code "\ud800"}); refused at
 * the gateway they are a 422 naming the field, rather than a 500 or a command that poisons the worker's batch.
 */
public final class StorableText {

    public static final String PROBLEM = dev.holdfast.contracts.StorableText.PROBLEM;

    private StorableText() {
    }

    /** The contracts' rule, which the worker applies to commands too. */
    public static boolean isStorable(CharSequence text) {
        return dev.holdfast.contracts.StorableText.isStorable(text);
    }

    /**
     * What the JSON reader throws for a string that is not storable; Jackson adds the field's path as it unwinds,
     * and the problem handler answers 422 keyed by that path.
     */
    public static final class Refused extends JsonMappingException {

        public Refused(JsonParser parser) {
            super(parser, PROBLEM);
        }
    }
}
