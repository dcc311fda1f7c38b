package dev.holdfast.gateway.problem;

import dev.holdfast.contracts.command.Rejection;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** An error answered to the client as a problem document; thrown anywhere in the gateway. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final Map<String, List<String>> errors;
    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String code, String title, String detail,
                        Map<String, List<String>> errors, HttpHeaders headers) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    private ApiException(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, null, new HttpHeaders());
    }

    public static ApiException validation(Map<String, List<String>> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed", "Validation failed",
                "the request has invalid fields; see errors", errors, new HttpHeaders());
    }

    public static ApiException validation(String field, String message) {
        return validation(Map.of(field, List.of(message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", detail);
    }

    public static ApiException unauthorized(String detail) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null, headers);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiException idempotencyKeyReused() {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused", "Idempotency key reused",
                "this Idempotency-Key was already used for a different request");
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return rateLimited(retryAfterSeconds, "the per-user request rate was exceeded; retry later");
    }

    public static ApiException rateLimited(long retryAfterSeconds, String detail) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests", detail, null,
                headers);
    }

    public static ApiException unavailable(String detail) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail, null,
                headers);
    }

    public static ApiException rejected(Rejection rejection, String detail) {
        return new ApiException(HttpStatus.valueOf(rejection.status()), rejection.code(), rejection.title(), detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
