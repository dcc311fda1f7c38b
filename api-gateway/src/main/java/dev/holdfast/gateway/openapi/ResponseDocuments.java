package dev.holdfast.gateway.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which properties a response carries always. The gateway writes null fields ({@code spring.jackson.
 * default-property-inclusion: always}), so every property of a record it answers with is present, null or not:
 * such a document lists them all as {@code required}, and the ones that can be null say so in their type
 * ({@code @Schema(nullable = true)}, which swagger-core writes as OpenAPI 3.1's {@code type: [..., "null"]}). A record
 * that leaves nulls out ({@code @JsonInclude(NON_NULL)}: a request document, a problem, a page) requires only what it
 * marks {@code requiredMode = REQUIRED}; its other properties are absent when unknown, never null.
 *
 * <p>Bodies that clients send are left alone: a client may leave out whatever has a default.
 */
final class ResponseDocuments implements ModelConverter {

    private static final String COMPONENT = "#/components/schemas/";

    /** The names of the component schemas made from records that write their null fields. */
    private final Set<String> writingNulls = ConcurrentHashMap.newKeySet();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema resolved = chain.next().resolve(type, context, chain);
        if (resolved != null && type.getType() != null) {
            JavaType javaType = TypeFactory.defaultInstance().constructType(type.getType());
            Class<?> raw = javaType.getRawClass();
            String name = resolved.get$ref() != null ? nameOf(resolved.get$ref()) : resolved.getName();
            if (raw.isRecord() && name != null && writesNulls(raw)) {
                writingNulls.add(name);
            }
        }
        return resolved;
    }

    /** Marks every property required in the response-only documents that write their nulls. */
    void requireWhatIsAlwaysThere(OpenAPI openApi) {
        Map<String, Schema> components = openApi.getComponents().getSchemas();
        if (components == null || openApi.getPaths() == null) {
            return;
        }
        List<Schema> answered = new ArrayList<>();
        List<Schema> sent = new ArrayList<>();
        openApi.getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .forEach(operation -> {
                    if (operation.getResponses() != null) {
                        operation.getResponses().values().stream().map(ApiResponse::getContent)
                                .filter(Objects::nonNull).flatMap(content -> content.values().stream())
                                .map(MediaType::getSchema).filter(Objects::nonNull).forEach(answered::add);
                    }
                    RequestBody body = operation.getRequestBody();
                    if (body != null && body.getContent() != null) {
                        body.getContent().values().stream().map(MediaType::getSchema).filter(Objects::nonNull)
                                .forEach(sent::add);
                    }
                });
        Set<String> responseOnly = reachable(answered, components);
        responseOnly.removeAll(reachable(sent, components));
        for (String name : responseOnly) {
            Schema<?> schema = components.get(name);
            if (writingNulls.contains(name) && schema != null && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        }
    }

    /** The component schemas that the given schemas reference, directly or through others. */
    private static Set<String> reachable(Collection<Schema> roots, Map<String, Schema> components) {
        Set<String> seen = new HashSet<>();
        Deque<Schema<?>> pending = new ArrayDeque<>();
        roots.forEach(pending::push);
        while (!pending.isEmpty()) {
            Schema<?> schema = pending.pop();
            if (schema.get$ref() != null) {
                String name = nameOf(schema.get$ref());
                if (seen.add(name) && components.get(name) != null) {
                    pending.push(components.get(name));
                }
                continue;
            }
            Stream.of(schema.getProperties() == null ? List.<Schema>of() : schema.getProperties().values(),
                            schema.getAllOf(), schema.getAnyOf(), schema.getOneOf(),
                            Stream.of(schema.getItems(), schema.getAdditionalProperties() instanceof Schema<?> more
                                    ? more : null).filter(Objects::nonNull).toList())
                    .filter(Objects::nonNull)
                    .flatMap(Collection::stream)
                    .forEach(pending::push);
        }
        return seen;
    }

    private static String nameOf(String ref) {
        return ref.startsWith(COMPONENT) ? ref.substring(COMPONENT.length()) : ref;
    }

    private static boolean writesNulls(Class<?> type) {
        JsonInclude include = type.getAnnotation(JsonInclude.class);
        return include == null || include.value() == JsonInclude.Include.ALWAYS
                || include.value() == JsonInclude.Include.USE_DEFAULTS;
    }
}
