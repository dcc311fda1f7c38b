package dev.holdfast.gateway.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answered to the client as a problem document ({@link Problems}), with its headers; thrown anywhere in the
 * gateway. One factory per code of API.md that the gateway answers itself.
 */
public class ApiException extends ErrorResponseException {

    private ApiException(HttpStatus status, String code, String title, String detail) {
        super(status, Problems.of(code, title, status.value(), detail), null);
    }

    /** 422 with every error of the request by field: {@code errors}. */
    public static ApiException validation(Map<String, List<String>> errors) {
        var exception = new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed", "Validation failed",
                "the request has invalid fields; see errors");
        exception.getBody().setProperty(Problems.ERRORS, errors);
        return exception;
    }

    public static ApiException validation(String field, String message) {
        return validation(Map.of(field, List.of(message)));
    }

    /** 422 with what Bean Validation and the checks in code found ({@code validation.RequestValidator}). */
    public static ApiException validation(Errors errors) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        errors.getAllErrors().forEach(error -> byField.computeIfAbsent(error instanceof FieldError field
                ? field.getField() : "body", f -> new ArrayList<>()).add(error.getDefaultMessage()));
        return validation(Collections.unmodifiableMap(byField));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", detail);
    }

    public static ApiException unauthorized(String detail) {
        var exception = new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
        exception.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return exception;
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
        var exception = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests", detail);
        exception.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return exception;
    }

    public static ApiException unavailable(String detail) {
        var exception = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                detail);
        exception.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return exception;
    }

    public String code() {
        return Problems.codeOf(getBody());
    }

    /** A validation problem's errors by field; null for any other problem. */
    @SuppressWarnings("unchecked")
    public Map<String, List<String>> errors() {
        return (Map<String, List<String>>) getBody().getProperties().get(Problems.ERRORS);
    }
}
