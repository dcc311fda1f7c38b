package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The response validation every system test runs through {@link Api}, on a small document of its own. */
class OpenApiValidationTest {

    private static final String DOCUMENT = """
            {
              "openapi": "3.1.0",
              "info": {"title": "t", "version": "1"},
              "paths": {
                "/api/things/{id}": {
                  "get": {
                    "responses": {
                      "200": {
                        "description": "a thing",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                      },
                      "404": {
                        "description": "none",
                        "content": {"application/problem+json": {"schema": {"type": "object"}}}
                      }
                    }
                  }
                },
                "/api/things/mine": {
                  "get": {"responses": {"204": {"description": "nothing"}}}
                }
              },
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "required": ["id", "startsAt"],
                    "properties": {
                      "id": {"type": "integer", "format": "int64"},
                      "startsAt": {"type": ["string", "null"], "format": "date-time"},
                      "name": {"type": "string"}
                    }
                  }
                }
              }
            }""";

    private final OpenApiValidation validation;

    OpenApiValidationTest() throws Exception {
        JsonNode document = new ObjectMapper().readTree(DOCUMENT);
        validation = OpenApiValidation.forDocument(document);
    }

    @Test
    void aNullThatTheDocumentAllowsPasses() {
        validation.check("GET", "/api/things/7?x=1", 200, json(), "{\"id\": 7, \"startsAt\": null, \"name\": \"a\"}");

        assertThat(validation.drainViolations()).isEmpty();
        assertThat(validation.validated()).isEqualTo(1);
    }

    @Test
    void aNullWhereTheDocumentSaysStringIsAViolation() {
        validation.check("GET", "/api/things/7", 200, json(), "{\"id\": 7, \"startsAt\": null, \"name\": null}");

        assertThat(validation.drainViolations()).singleElement().asString()
                .startsWith("GET /api/things/7 -> 200: body").contains("name");
    }

    @Test
    void aMissingRequiredPropertyAndAMalformedDateAreViolations() {
        validation.check("GET", "/api/things/7", 200, json(), "{\"startsAt\": \"yesterday\"}");

        assertThat(validation.drainViolations()).hasSize(2)
                .anySatisfy(violation -> assertThat(violation).contains("id"))
                .anySatisfy(violation -> assertThat(violation).contains("startsAt"));
    }

    @Test
    void aPropertyTheDocumentDoesNotNameIsAViolation() {
        validation.check("GET", "/api/things/7", 200, json(), "{\"id\": 7, \"startsAt\": null, \"colour\": \"red\"}");

        assertThat(validation.drainViolations()).singleElement().asString().contains("colour");
    }

    @Test
    void anUndocumentedStatusOrMediaTypeIsAViolation() {
        validation.check("GET", "/api/things/7", 500, json(), "{}");
        validation.check("GET", "/api/things/7", 404, json(), "{}");

        assertThat(validation.drainViolations()).containsExactly(
                "GET /api/things/7 -> 500: status 500 is not documented for GET /api/things/{id} (documented: [200, 404])",
                "GET /api/things/7 -> 404: media type 'application/json' is not documented for status 404 "
                        + "(documented: [application/problem+json])");
    }

    @Test
    void aDocumentedHeaderMustHaveItsType() {
        validation.check("GET", "/api/things/7", 200,
                headers(Map.of("Content-Type", List.of("application/json"), "Retry-After", List.of("soon"))),
                "{\"id\": 7, \"startsAt\": null}");

        assertThat(validation.drainViolations()).containsExactly(
                "GET /api/things/7 -> 200: header Retry-After: 'soon' is not an integer");
    }

    @Test
    void aLiteralPathIsPreferredToATemplateThatAlsoMatches() {
        validation.check("GET", "/api/things/mine", 204, headers(Map.of()), "");

        assertThat(validation.drainViolations()).isEmpty();
    }

    @Test
    void requestsTheDocumentDoesNotDescribeAreCountedNotValidated() {
        validation.check("GET", "/actuator/health", 200, json(), "{}");
        validation.check("DELETE", "/api/things/7", 405, json(), "{}");

        assertThat(validation.drainViolations()).isEmpty();
        assertThat(validation.validated()).isZero();
        assertThat(validation.undescribed()).isEqualTo(2);
    }

    @Test
    void theCommittedDocumentTypesTheNullsOfAReservationAndNothingElse() throws Exception {
        OpenApiValidation committed = OpenApiValidation.forDocument(
                new ObjectMapper().readTree(OpenApiDocument.committedFile().toFile()));
        String reservation = """
                {"id": "5f0c6a8e-2b1f-4e8e-9a51-0c2f7f0e1a11", "eventId": 42, "section": "floor", "quantity": 2,
                 "seats": null, "status": "%s", "expiresAt": "2026-01-01T10:05:00Z", "createdAt": "2026-01-01T10:00:00Z",
                 "purchasedAt": null, "cancelledAt": null, "expiredAt": null, "paymentReference": null,
                 "extensions": 0, "waitlistEntryId": null}""";

        committed.check("GET", "/api/reservations/5f0c6a8e-2b1f-4e8e-9a51-0c2f7f0e1a11", 200, json(),
                reservation.formatted("held"));
        assertThat(committed.drainViolations()).isEmpty();

        committed.check("GET", "/api/reservations/5f0c6a8e-2b1f-4e8e-9a51-0c2f7f0e1a11", 200, json(),
                reservation.replace("\"%s\"", "null"));
        assertThat(committed.drainViolations()).singleElement().asString().contains("status");
    }

    private static HttpHeaders json() {
        return headers(Map.of("Content-Type", List.of("application/json;charset=UTF-8")));
    }

    private static HttpHeaders headers(Map<String, List<String>> headers) {
        return HttpHeaders.of(headers, (name, value) -> true);
    }
}
