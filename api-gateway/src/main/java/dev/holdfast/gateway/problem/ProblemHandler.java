package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Turns every error into a problem document; a client's mistake is never a 500. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final MeterRegistry meters;
    /** {@code holdfast.gateway.problems} by code: registered on a code's first problem, then found here. */
    private final Map<String, Counter> problems = new ConcurrentHashMap<>();

    ProblemHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException exception) {
        counted(exception.code());
        return Problem.of(exception).toResponse(exception.headers());
    }

    /** Counts a problem; the codes are the few of API.md, so the map stays small. */
    private void counted(String code) {
        problems.computeIfAbsent(code, c -> meters.counter("holdfast.gateway.problems", "code", c)).increment();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException exception) {
        JsonMappingException mapping = causeOfType(exception, JsonMappingException.class);
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return api(ApiException.validation(field(unknown), "is not a known field"));
        }
        if (mapping instanceof StorableText.Refused unstorable) {
            return api(ApiException.validation(field(unstorable), StorableText.PROBLEM));
        }
        if (mapping != null && !mapping.getPath().isEmpty()) {
            return api(ApiException.validation(field(mapping), mapping instanceof MismatchedInputException mismatch
                    ? describe(mismatch) : "has an invalid value"));
        }
        JsonProcessingException json = causeOfType(exception, JsonProcessingException.class);
        return api(ApiException.validation("body", json == null
                ? "is missing or not valid JSON" : "is not valid JSON: " + firstLine(json.getOriginalMessage())));
    }

    private static <T extends Throwable> T causeOfType(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException exception) {
        String expected = exception.getRequiredType() == null ? "a valid value"
                : switchType(exception.getRequiredType());
        return api(ApiException.validation(exception.getName(), "must be " + expected));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Object> missingParameter(MissingServletRequestParameterException exception) {
        return api(ApiException.validation(exception.getParameterName(), "is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> unsupportedMediaType(HttpMediaTypeNotSupportedException exception) {
        return Problem.of("unsupported_media_type", "Unsupported media type",
                HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), "send the body as Content-Type: application/json")
                .toResponse(new HttpHeaders());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException exception) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> methodNotAllowed(HttpRequestMethodNotSupportedException exception) {
        var headers = new HttpHeaders();
        if (exception.getSupportedHttpMethods() != null) {
            headers.setAllow(exception.getSupportedHttpMethods());
        }
        return Problem.of("method_not_allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED.value(),
                exception.getMessage()).toResponse(headers);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> noResource(NoResourceFoundException exception) {
        return api(ApiException.notFound("no resource " + exception.getResourcePath()));
    }

    /**
     * The database cannot be reached or gives no connection in time (the pool's {@code connection-timeout}): a
     * {@code 503} to retry, never a {@code 500}, whether the failure came from a query ({@code
     * CannotGetJdbcConnectionException}), from opening a transaction ({@code CannotCreateTransactionException}) or
     * straight from the pool ({@code SQLTransientConnectionException}).
     */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class,
            SQLTransientConnectionException.class})
    ResponseEntity<Object> databaseUnavailable(Exception exception) {
        log.warn("database unavailable: {}", exception.getMessage());
        return api(ApiException.unavailable("the database cannot take the request now"));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // the client went away while we waited; there is nobody to answer
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception) {
        // a database outage wrapped by whatever met it first (a cache loader, a future) is still an outage
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (isDatabaseUnavailable(cause)) {
                return databaseUnavailable(exception);
            }
        }
        log.error("unexpected error", exception);
        counted("internal_error");
        return Problem.internalError().toResponse(new HttpHeaders());
    }

    private static boolean isDatabaseUnavailable(Throwable failure) {
        return failure instanceof CannotGetJdbcConnectionException || failure instanceof CannotCreateTransactionException
                || failure instanceof SQLTransientConnectionException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof TransientDataAccessException;
    }

    private static String field(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(MismatchedInputException mismatch) {
        Class<?> target = mismatch.getTargetType();
        return target == null ? "has an invalid value" : "must be " + switchType(target);
    }

    private static String switchType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 timestamp such as 2027-01-01T20:00:00Z";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return "a valid " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
