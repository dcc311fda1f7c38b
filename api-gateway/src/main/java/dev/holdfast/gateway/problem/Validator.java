package dev.holdfast.gateway.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Collects every problem of a request before answering, so a client sees all its mistakes at once. */
public final class Validator {

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public Validator reject(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
        return this;
    }

    public Validator range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            reject(field, "must be between %d and %d".formatted(min, max));
        }
        return this;
    }

    public Validator check(String field, boolean valid, String message) {
        if (!valid) {
            reject(field, message);
        }
        return this;
    }

    public Validator required(String field, Object value) {
        if (value == null) {
            reject(field, "is required");
        }
        return this;
    }

    public Validator text(String field, String value, int maxLength) {
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            reject(field, "must be 1 to %d characters and not blank".formatted(maxLength));
        }
        return storable(field, value);
    }

    /** Text PostgreSQL can store ({@link StorableText}); bodies are checked as they are read, headers here. */
    public Validator storable(String field, String value) {
        if (value != null && !StorableText.isStorable(value)) {
            reject(field, StorableText.PROBLEM);
        }
        return this;
    }

    public Validator matches(String field, String value, Pattern pattern, String description) {
        if (value != null && !pattern.matcher(value).matches()) {
            reject(field, "must match " + description);
        }
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** @throws ApiException 422 with every collected error, if there is any */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors)));
        }
    }
}
