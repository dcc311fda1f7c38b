package dev.holdfast.gateway.openapi;

import dev.holdfast.contracts.command.Rejection;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.command.CommandEndpoint;
import dev.holdfast.gateway.command.CommandOptions;
import dev.holdfast.gateway.command.RequestDocument;
import dev.holdfast.gateway.problem.ApiException;
import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.problem.ProblemSchema;
import dev.holdfast.gateway.problem.Problems;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Configuration.GroupsValidationStrategy;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OpenAPI 3.1 description at {@code /v3/api-docs} (and Swagger UI at {@code /swagger-ui.html}). springdoc derives
 * paths, parameters and bodies from the controllers; this adds what the code cannot say: the bearer scheme on every
 * endpoint that takes a {@link Caller}, and for {@link CommandEndpoint command endpoints} and
 * {@link ProblemResponses} the asynchronous answers and the problem documents with their {@code code} values;
 * {@code security: []} on the public operations; and which properties of the documents a response carries always
 * ({@link ResponseDocuments}). The description is built once, on the first request for it, and costs the command path
 * nothing. {@code docs/openapi.json} is a copy of it, held to it by {@code OpenApiIT}.
 *
 * <p>The request records' Bean Validation constraints are not turned into schema keywords ({@code required},
 * {@code pattern}…; swagger-core's {@code NEVER}): the description says the rules in words, as API.md does, and
 * stays the contract as published.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER = "bearer";
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";

    static {
        // the caller is resolved from the Authorization header, which the security scheme describes
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, CommandOptions.class);
        ModelConverters.getInstance(true).getConverters().stream()
                .filter(ModelResolver.class::isInstance).map(ModelResolver.class::cast)
                .forEach(resolver -> resolver.getConfiguration()
                        .setGroupsValidationStrategy(GroupsValidationStrategy.NEVER));
    }

    /**
     * The problems answered before anything is enqueued, from the one place that makes them: any command may be
     * answered each of them.
     */
    private static final Map<String, ApiException> SYNCHRONOUS = Stream.of(
                    ApiException.validation("quantity", "must be between 1 and 100"),
                    ApiException.unauthorized("a valid bearer token is required"),
                    ApiException.forbidden("this endpoint needs the admin token"),
                    ApiException.notFound("no such resource, or not yours"),
                    ApiException.idempotencyKeyReused(),
                    ApiException.rateLimited(1),
                    ApiException.unavailable("the command log cannot take requests now; retry"))
            .collect(Collectors.toMap(ApiException::code, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    /** Documents referenced by the customized operations, added to the components once all operations are built. */
    private final Set<Class<?>> documents = ConcurrentHashMap.newKeySet();
    private final ResponseDocuments responseDocuments = new ResponseDocuments();

    @Bean
    OpenAPI holdfastOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Holdfast").version("1.2")
                        .description("""
                                Ticket reservations that never oversell. Commands (reserve, purchase, cancel, extend, \
                                capacity changes, waiting-list joins and leaves) are answered `202 Accepted` with a \
                                request document once the command log has durably taken them; poll \
                                `GET /api/requests/{requestId}` (optionally `?wait=N`), or send `Prefer: wait=N` to \
                                get the outcome in the response. Every error is an RFC 9457 problem document with a \
                                machine-readable `code`. A section is general admission (a `capacity`) or seated (a \
                                `seating` map): a seated section's seats are reserved best available or picked by id, \
                                and read whole from its seat map.""")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // relative: the document is the same whichever gateway serves it (and in docs/openapi.json)
                .servers(List.of(new Server().url("/").description("The gateway that serves this document")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A user token (from POST /api/users) or the admin token (HOLDFAST_ADMIN_TOKEN)")));
    }

    @Bean
    OperationCustomizer holdfastOperations() {
        return this::customize;
    }

    /** Registered by springdoc with swagger-core's converters, so it sees every document it resolves. */
    @Bean
    ResponseDocuments holdfastResponseDocuments() {
        return responseDocuments;
    }

    @Bean
    OpenApiCustomizer holdfastDocuments() {
        return openApi -> {
            documents.add(ProblemSchema.class);
            var converters = ModelConverters.getInstance(true);
            Map<String, Schema> schemas = new TreeMap<>();
            for (Class<?> document : documents) {
                schemas.putAll(converters.readAll(new AnnotatedType(document)));
            }
            schemas.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
            responseDocuments.requireWhatIsAlwaysThere(openApi);
        };
    }

    private Operation customize(Operation operation, HandlerMethod handler) {
        if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Caller.class)) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        } else {
            // public: no token needed, said explicitly rather than by leaving security out
            operation.setSecurity(new ArrayList<>());
        }
        Map<String, String> problems = new LinkedHashMap<>();
        ProblemResponses synchronous = handler.getMethodAnnotation(ProblemResponses.class);
        if (synchronous != null) {
            for (String code : synchronous.value()) {
                ApiException problem = SYNCHRONOUS.get(code);
                if (problem == null) {
                    throw new IllegalStateException(handler + " documents an unknown problem code: " + code);
                }
                problems.put(code, problem.getBody().getTitle());
            }
        }
        CommandEndpoint command = handler.getMethodAnnotation(CommandEndpoint.class);
        if (command != null) {
            describeCommand(operation, command);
            SYNCHRONOUS.forEach((code, problem) -> problems.putIfAbsent(code, problem.getBody().getTitle()));
            for (Rejection rejection : command.rejections()) {
                problems.put(rejection.code(), rejection.title());
            }
        }
        if (command != null) {
            // a command set aside after failing every time is rejected so, answered under Prefer: wait too
            problems.putIfAbsent(Rejection.INTERNAL_ERROR.code(), Rejection.INTERNAL_ERROR.title());
        }
        problems.forEach((code, title) -> addProblem(operation, code, title));
        if (command != null) {
            Header requestId = new Header().description("The command's request: set when the problem is its outcome "
                    + "(with `requestId` in the body), or when its append was not confirmed in time (503, with "
                    + "`Location`)").schema(scalar("string").format("uuid"));
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    response.addHeaderObject("Request-Id", requestId);
                }
            });
        }
        return operation;
    }

    private void describeCommand(Operation operation, CommandEndpoint command) {
        documents.add(command.body());
        documents.add(RequestDocument.class);
        Header requestId = new Header().description("The id of the request this command became")
                .schema(scalar("string").format("uuid"));
        ApiResponse success = new ApiResponse()
                .description("The outcome, when it was known within `Prefer: wait=N`")
                .content(json(command.body()))
                .addHeaderObject("Request-Id", requestId)
                .addHeaderObject("Preference-Applied", new Header().description("`wait=N` when the wait was honoured")
                        .schema(scalar("string")));
        if (command.success() == 201) {
            success.addHeaderObject("Location", new Header().description("The created resource")
                    .schema(scalar("string")));
        }
        ApiResponses responses = new ApiResponses();
        responses.addApiResponse(Integer.toString(command.success()), success);
        responses.addApiResponse("202", new ApiResponse()
                .description("Accepted: the command log durably took the command; its outcome is not known yet. "
                        + "Poll the request document at `Location`.")
                .content(json(RequestDocument.class))
                .addHeaderObject("Location", new Header().description("/api/requests/{requestId}")
                        .schema(scalar("string")))
                .addHeaderObject("Retry-After", new Header().description("Seconds before polling is worthwhile")
                        .schema(scalar("integer")))
                .addHeaderObject("Request-Id", requestId));
        operation.setResponses(responses);
        // read into CommandOptions rather than declared on each controller method
        operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                .description("1 to 255 characters: the same user, key and request answer with the same requestId "
                        + "and outcome, however often retried and through whichever gateway")
                .schema(scalar("string").minLength(1).maxLength(255)));
        operation.addParametersItem(new HeaderParameter().name("Prefer").required(false)
                .description("`wait=N` (RFC 7240, N ≤ 30): hold the response until the outcome is known or N seconds "
                        + "pass")
                .schema(scalar("string")).example("wait=10"));
    }

    private void addProblem(Operation operation, String code, String title) {
        int status = SYNCHRONOUS.containsKey(code) ? SYNCHRONOUS.get(code).getStatusCode().value()
                : Rejection.fromCode(code).status();
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        ApiResponse response = responses.computeIfAbsent(Integer.toString(status), s -> new ApiResponse()
                .description("")
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        String line = "`" + code + "`: " + title;
        response.setDescription(response.getDescription().isEmpty() ? line : response.getDescription() + "; " + line);
        Map<String, Object> example = new LinkedHashMap<>(Map.of(
                "type", Problems.typeOf(code).toString(), "title", title, "status", status, "code", code));
        if (code.equals(Rejection.SEATS_UNAVAILABLE.code())) {
            example.put("unavailableSeats", List.of("A-12", "A-13"));
        }
        response.getContent().get(PROBLEM_JSON).addExamples(code, new Example().summary(title).value(example));
        if (status == 429 || status == 503) {
            response.addHeaderObject("Retry-After", new Header().schema(scalar("integer")));
        }
    }

    /** A schema of one JSON type, written as OpenAPI 3.1 wants it ({@code type} alone is 3.0's). */
    private static Schema<Object> scalar(String type) {
        return new Schema<>().type(type).types(Set.of(type));
    }

    private static Content json(Class<?> document) {
        return new Content().addMediaType(JSON, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + document.getSimpleName())));
    }
}
