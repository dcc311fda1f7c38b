package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every response {@link Api} receives, held to the OpenAPI document the gateway serves ({@code /v3/api-docs}): its
 * status must be one the operation documents, its media type one that status documents, its body valid against that
 * media type's schema (networknt's JSON Schema validator in the OpenAPI 3.1 dialect, formats asserted, and no
 * property the document does not name), and the documented headers it carries of the documented type. Violations are collected, not thrown where they are found
 * (many are found on threads of a test's own), and {@link OpenApiValidationExtension} fails the test during which they
 * were found.
 *
 * <p>Requests outside {@code /api/} (the live page, health, the document itself) and to paths or methods the document
 * does not describe (requests a test makes up to be refused) are counted apart, not validated.
 */
final class OpenApiValidation {

    /** Where the document is registered with the validator; never fetched from there. */
    private static final String DOCUMENT_IRI = "https://holdfast.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^/}]+}");

    private static volatile OpenApiValidation instance;

    private final SchemaRegistry registry;
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLong validated = new AtomicLong();
    private final AtomicLong undescribed = new AtomicLong();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;

    private record Operation(String method, String template, Pattern path, JsonNode responses, int index) {
    }

    private OpenApiValidation(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        // a property the document does not name is drift too: the validator's copy closes every object schema
        copy.path("components").path("schemas").forEach(schema -> {
            if (schema instanceof ObjectNode object && object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        });
        // every response body schema under a pointer without braces or slashes, for the validator to address
        ObjectNode bodies = copy.putObject("x-response-bodies");
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Pattern pattern = pattern(path.getKey());
            path.getValue().fields().forEachRemaining(method -> {
                int index = operations.size();
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern,
                        method.getValue().path("responses"), index));
                method.getValue().path("responses").fields().forEachRemaining(response -> response.getValue()
                        .path("content").fields().forEachRemaining(media -> {
                            if (media.getValue().has("schema")) {
                                bodies.set(key(index, response.getKey(), media.getKey()), media.getValue().get("schema"));
                            }
                        }));
            });
        }
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, copy.toString())));
    }

    /** The validation of the document served at {@code baseUrl}, read once for the whole test run. */
    static OpenApiValidation of(String baseUrl) {
        OpenApiValidation current = instance;
        if (current == null) {
            synchronized (OpenApiValidation.class) {
                if (instance == null) {
                    instance = new OpenApiValidation(fetch(baseUrl));
                }
                current = instance;
            }
        }
        return current;
    }

    /** The validation in use, or null before any response was received. */
    static OpenApiValidation current() {
        return instance;
    }

    /** The validation of a given document, for the tests of the validation itself. */
    static OpenApiValidation forDocument(JsonNode document) {
        return new OpenApiValidation(document);
    }

    /** Validates one response to {@code method pathAndQuery}, recording what does not match the document. */
    void check(String method, String pathAndQuery, HttpResponse<String> response) {
        check(method, pathAndQuery, response.statusCode(), response.headers(), response.body());
    }

    void check(String method, String pathAndQuery, int status, HttpHeaders headers, String body) {
        String path = pathAndQuery.split("[?#]", 2)[0];
        if (!path.startsWith("/api/")) {
            undescribed.incrementAndGet();
            return;
        }
        Operation operation = operations.stream()
                .filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
                // a literal path beats a template that also matches
                .min((a, b) -> Integer.compare(variables(a.template()), variables(b.template())))
                .orElse(null);
        if (operation == null) {
            undescribed.incrementAndGet();
            return;
        }
        validated.incrementAndGet();
        String where = method + " " + pathAndQuery + " -> " + status + ": ";
        List<String> found = problems(operation, status, headers, body);
        if (!found.isEmpty()) {
            synchronized (this) {
                violationCount += found.size();
                found.forEach(problem -> violations.add(where + problem));
            }
        }
    }

    private List<String> problems(Operation operation, int statusCode, HttpHeaders headers, String body) {
        List<String> problems = new ArrayList<>();
        String status = Integer.toString(statusCode);
        String documented = operation.responses().has(status) ? status
                : operation.responses().has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
                : operation.responses().has("default") ? "default" : null;
        if (documented == null) {
            problems.add("status " + status + " is not documented for " + operation.method() + " "
                    + operation.template() + " (documented: " + names(operation.responses()) + ")");
            return problems;
        }
        JsonNode answer = operation.responses().get(documented);
        answer.path("headers").fields().forEachRemaining(header -> {
            String value = headers.firstValue(header.getKey()).orElse(null);
            if (value == null) {
                if (header.getValue().path("required").asBoolean(false)) {
                    problems.add("required header " + header.getKey() + " is missing");
                }
                return;
            }
            String problem = headerProblem(header.getValue().path("schema"), value);
            if (problem != null) {
                problems.add("header " + header.getKey() + ": " + problem);
            }
        });
        if (body == null || body.isEmpty()) {
            return problems;
        }
        String mediaType = headers.firstValue("Content-Type").orElse("")
                .split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!answer.path("content").has(mediaType)) {
            problems.add("media type '" + mediaType + "' is not documented for status " + documented
                    + " (documented: " + names(answer.path("content")) + ")");
            return problems;
        }
        if (!mediaType.endsWith("json") || !answer.path("content").path(mediaType).has("schema")) {
            return problems;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            problems.add("body is not JSON: " + e.getMessage());
            return problems;
        }
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/x-response-bodies/"
                + key(operation.index(), documented, mediaType)));
        schema.validate(json, context -> context.setExecutionConfig(
                        ExecutionConfig.builder().formatAssertionsEnabled(true).build()))
                .forEach(error -> problems.add("body " + error.getInstanceLocation() + ": " + error.getMessage()));
        return problems;
    }

    /** The documented header types: integers and UUIDs are checked, strings are whatever they say. */
    private static String headerProblem(JsonNode schema, String value) {
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText();
        if (type.equals("integer")) {
            try {
                Long.parseLong(value);
            } catch (NumberFormatException e) {
                return "'" + value + "' is not an integer";
            }
        }
        if (schema.path("format").asText().equals("uuid")) {
            try {
                UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                return "'" + value + "' is not a UUID";
            }
        }
        return null;
    }

    /** Takes the violations found so far; the test running meanwhile is the one that receives them. */
    synchronized List<String> drainViolations() {
        List<String> taken = List.copyOf(violations);
        violations.clear();
        return taken;
    }

    long validated() {
        return validated.get();
    }

    long undescribed() {
        return undescribed.get();
    }

    synchronized long violationCount() {
        return violationCount;
    }

    private static String key(int operation, String status, String mediaType) {
        return operation + "-" + status + "-" + mediaType.replace("/", "_");
    }

    /** {@code /api/events/{eventId}} as {@code \Q/api/events/\E[^/]+}. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher variable = TEMPLATE_VARIABLE.matcher(template);
        int literal = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(template.substring(literal, variable.start()))).append("[^/]+");
            literal = variable.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(literal))).toString());
    }

    private static int variables(String template) {
        return (int) TEMPLATE_VARIABLE.matcher(template).results().count();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode fetch(String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/v3/api-docs answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
