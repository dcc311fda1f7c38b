package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The few calls of the Holdfast HTTP API that a flash sale needs. */
final class HoldfastClient {

    record Response(int status, JsonNode body, String requestId) {
        String code() {
            return body != null && body.has("code") ? body.get("code").asText() : null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http;

    HoldfastClient(String url, int connections) {
        this.url = url;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(4, connections / 16), daemon()))
                .build();
    }

    Response send(String method, String path, String token, Object body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(70));
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response.headers().firstValue("Request-Id").orElse(null));
        } catch (IOException e) {
            return new Response(-1, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, null, null);
        }
    }

    JsonNode getJson(String path) {
        Response response = send("GET", path, null, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status());
        }
        return response.body();
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "http-client");
            thread.setDaemon(true);
            return thread;
        };
    }
}
