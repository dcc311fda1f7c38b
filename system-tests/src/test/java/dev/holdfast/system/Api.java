package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A small HTTP client for the Holdfast API, as a client application would use it. Every response it receives is
 * validated against the OpenAPI document the gateway serves ({@link OpenApiValidation}).
 */
final class Api {

    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    record User(long id, String token) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final String baseUrl;
    final String adminToken;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newCachedThreadPool())
            .build();

    Api(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    Response send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            OpenApiValidation.of(baseUrl).check(method, path, response);
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode json = response.body().isEmpty() || !isJson ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, String body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    User newUser() {
        Response created = post("/api/users", adminToken, "{\"name\":\"user-" + UUID.randomUUID() + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("cannot create user: " + created.raw().body());
        }
        return new User(created.json().get("id").asLong(), created.json().get("token").asText());
    }

    /** {@code count} new users. */
    List<User> newUsers(int count) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(newUser());
        }
        return users;
    }

    /** Creates an event and returns its id. */
    long newEvent(String json) {
        Response created = post("/api/events", adminToken, json);
        if (created.status() != 201) {
            throw new IllegalStateException("cannot create event: " + created.raw().body());
        }
        return created.json().get("id").asLong();
    }

    Response reserve(User user, long eventId, String body, String... headers) {
        return post("/api/events/" + eventId + "/reservations", user.token(), body, headers);
    }

    Response purchase(User user, String reservationId, String body, String... headers) {
        return post("/api/reservations/" + reservationId + "/purchase", user.token(), body, headers);
    }

    Response cancel(User user, String reservationId, String... headers) {
        return send("DELETE", "/api/reservations/" + reservationId, user.token(), null, headers);
    }

    Response changeCapacity(long eventId, String section, int capacity, String... headers) {
        return send("PUT", "/api/events/" + eventId + "/sections/" + section + "/capacity", adminToken,
                "{\"capacity\":" + capacity + "}", headers);
    }

    JsonNode event(long eventId) {
        return get("/api/events/" + eventId, null).json();
    }

    JsonNode reservation(User user, String reservationId) {
        return get("/api/reservations/" + reservationId, user.token()).json();
    }

    /** Polls the request until it is final (long-poll, at most 30 s). */
    JsonNode outcome(User user, String requestId) {
        Response response = get("/api/requests/" + requestId + "?wait=30", user.token());
        if (response.status() != 200) {
            throw new IllegalStateException("poll failed: " + response.raw().body());
        }
        return response.json();
    }
}
