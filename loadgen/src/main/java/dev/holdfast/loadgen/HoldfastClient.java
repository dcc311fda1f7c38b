package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** The few calls of the Holdfast HTTP API that a flash sale needs. */
final class HoldfastClient {

    record Response(int status, JsonNode body, String requestId) {
        String code() {
            return body != null && body.has("code") ? body.get("code").asText() : null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    HoldfastClient(String url, int connections) {
        this.url = url;
        // blocking connections, kept alive per thread by the JDK: far less CPU per request than an asynchronous
        // client, which matters when the load generator shares the machine with the system it measures
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
    }

    Response send(String method, String path, String token, Object body, String... headers) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(70_000);
            connection.setRequestMethod(method);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                connection.setRequestProperty(headers[i], headers[i + 1]);
            }
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    JSON.writeValue(out, body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            JsonNode json = null;
            if (in != null) {
                try (in) {
                    byte[] bytes = in.readAllBytes();
                    json = bytes.length == 0 ? null : JSON.readTree(bytes);
                }
            }
            return new Response(status, json, connection.getHeaderField("Request-Id"));
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            return new Response(-1, null, null);
        }
    }

    /**
     * Creates something with the admin token ({@code POST /api/events}, {@code /api/users}) and returns its document;
     * fails with a message that says what went wrong, plainly when the gateway refused the token.
     */
    JsonNode create(String path, String adminToken, Object body) {
        Response created = send("POST", path, adminToken, body);
        if (created.status() < 0) {
            throw new IllegalStateException("the gateway at " + url + " did not answer (is it running?)");
        }
        if (created.status() == 401 || created.status() == 403) {
            throw new IllegalStateException("the gateway at " + url + " refused the admin token (" + created.status()
                    + "): give the token the stack was started with (--admin-token or HOLDFAST_ADMIN_TOKEN; "
                    + "./holdfast up prints it)");
        }
        if (created.status() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + created.status() + " " + created.body());
        }
        return created.body();
    }

    JsonNode getJson(String path) {
        Response response = send("GET", path, null, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status());
        }
        return response.body();
    }

}
