package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** The few calls of the Holdfast HTTP API that a flash sale needs. */
final class HoldfastClient {

    /**
     * One answer; {@code status} -1 when none came (refused, reset, timed out).
     *
     * @param retryAfter the answer's {@code Retry-After}, or null
     */
    record Response(int status, JsonNode body, String requestId, Duration retryAfter) {
        Response(int status, JsonNode body, String requestId) {
            this(status, body, requestId, null);
        }

        String code() {
            return body != null && body.has("code") ? body.get("code").asText() : null;
        }
    }

    /** How long {@link #sendRetrying} keeps trying one request; after that it answers what it last got. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(60);
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(200);
    private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final LongAdder retriedUnavailable = new LongAdder();
    private final LongAdder retriedRateLimited = new LongAdder();
    private final LongAdder retriedUnanswered = new LongAdder();

    HoldfastClient(String url, int connections) {
        this.url = url;
        // blocking connections, kept alive per thread by the JDK: far less CPU per request than an asynchronous
        // client, which matters when the load generator shares the machine with the system it measures
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
        // the JDK would otherwise send a POST whose answer it lost once more on its own, unseen and uncounted; the
        // retries are this class's to make, and only where that is safe (sendRetrying)
        System.setProperty("sun.net.http.retryPost", "false");
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
            return new Response(status, json, connection.getHeaderField("Request-Id"),
                    retryAfter(connection.getHeaderField("Retry-After")));
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            return new Response(-1, null, null);
        }
    }

    /**
     * Sends until the answer is neither {@code 503 unavailable} nor {@code 429 rate_limited}, waiting between tries
     * for the answer's {@code Retry-After} or a back-off that doubles from 200 ms to 5 s (whichever is longer, plus
     * up to half of it at random, so that many clients refused together do not come back together), for at most
     * {@link #RETRY_BUDGET}. A request that can be repeated without a second effect ({@code repeatable}: a read, or
     * a command with its {@code Idempotency-Key} among the headers) is also sent again when no answer came at all;
     * the gateway answers such a retry with the first one's request and outcome.
     */
    Response sendRetrying(boolean repeatable, String method, String path, String token, Object body,
                          String... headers) {
        long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
        for (int attempt = 0; ; attempt++) {
            Response response = send(method, path, token, body, headers);
            LongAdder counter = switch (response.status()) {
                case 503 -> retriedUnavailable;
                case 429 -> retriedRateLimited;
                case -1 -> repeatable ? retriedUnanswered : null;
                default -> null;
            };
            if (counter == null) {
                return response;
            }
            Duration pause = pauseBefore(attempt + 1, response.retryAfter());
            if (System.nanoTime() + pause.toNanos() > deadline) {
                return response;
            }
            counter.increment();
            LockSupport.parkNanos(pause.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                return response;
            }
        }
    }

    /** The pause before the given try (1 for the first retry): Retry-After or the back-off, and some jitter. */
    static Duration pauseBefore(int retry, Duration retryAfter) {
        long backOff = Math.min(LONGEST_BACK_OFF.toMillis(), FIRST_BACK_OFF.toMillis() << Math.min(retry - 1, 10));
        long base = Math.max(backOff, retryAfter == null ? 0 : retryAfter.toMillis());
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** {@code Retry-After} as seconds or as an HTTP date (RFC 9110); null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Tries sent again after 503, after 429, and after no answer at all, since this client was made. */
    long retriedUnavailable() {
        return retriedUnavailable.sum();
    }

    long retriedRateLimited() {
        return retriedRateLimited.sum();
    }

    long retriedUnanswered() {
        return retriedUnanswered.sum();
    }

    /**
     * Creates something with the admin token ({@code POST /api/events}, {@code /api/users}) and returns its document,
     * retrying 503 and 429 (a refusal creates nothing); fails with a message that says what went wrong, plainly when
     * the gateway refused the token.
     */
    JsonNode create(String path, String adminToken, Object body) {
        Response created = sendRetrying(false, "POST", path, adminToken, body);
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

    /** A public read, retried through 503, 429 and no answer; fails unless it answers 200. */
    JsonNode getJson(String path) {
        Response response = sendRetrying(true, "GET", path, null, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status());
        }
        return response.body();
    }

}
