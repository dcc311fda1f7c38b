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

    JsonNode getJson(String path) {
        Response response = send("GET", path, null, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status());
        }
        return response.body();
    }

}
