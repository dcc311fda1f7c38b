package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

/**
 * Turns every error into a problem document; a client's mistake is never a 500. Not Spring's
 * {@code ResponseEntityExceptionHandler}: every exception it handles is answered otherwise here (a body that cannot
 * be read, a parameter of the wrong type and a missing one are 422 {@code validation_failed} rather than 400; every
 * problem has Holdfast's {@code type}, title and {@code code}), and what it does not list is a 500 here, as any
 * failure that is not the client's.
 */
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
    ResponseEntity<ProblemDetail> api(ApiException exception) {
        counted(exception.code());
        return Problems.response(exception.getBody(), exception.getHeaders());
    }

    /** Counts a problem; the codes are the few of API.md, so the map stays small. */
    private void counted(String code) {
        problems.computeIfAbsent(code, c -> meters.counter("holdfast.gateway.problems", "code", c)).increment();
    }

    /**
     * A body that is not JSON (keyed {@code body}, with no word of the parser's), or a value of the wrong type
     * (keyed by its field). Which field a parser stood in when the JSON broke off says nothing: that is {@code body}
     * too.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException exception) {
        if (causeOfType(exception, JsonParseException.class) != null) {
            return api(ApiException.validation("body", "is not valid JSON"));
        }
        if (causeOfType(exception, StreamConstraintsException.class) != null) {
            return api(ApiException.validation("body", "is nested too deeply, or holds a number or a string too long"));
        }
        JsonMappingException mapping = causeOfType(exception, JsonMappingException.class);
        if (mapping == null) {
            return api(ApiException.validation("body", causeOfType(exception, JsonProcessingException.class) == null
                    ? "is missing or not valid JSON" : "is not valid JSON"));
        }
        String problem;
        if (mapping instanceof UnstorableText) {
            problem = mapping.getOriginalMessage();
        } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            problem = "must be " + switchType(mismatch.getTargetType());
        } else {
            problem = "has an invalid value";
        }
        return api(ApiException.validation(field(mapping), problem));
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
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException exception) {
        String expected = exception.getRequiredType() == null ? "a valid value"
                : switchType(exception.getRequiredType());
        return api(ApiException.validation(exception.getName(), "must be " + expected));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException exception) {
        return api(ApiException.validation(exception.getParameterName(), "is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException exception) {
        return Problems.response(Problems.of("unsupported_media_type", "Unsupported media type",
                HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), "send the body as Content-Type: application/json"),
                new HttpHeaders());
    }

    /**
     * An Accept that excludes what the endpoint answers, refused as its mapping is matched, before anything is done
     * for the request. The problem is {@code application/problem+json} all the same, as every error is.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException exception) {
        List<MediaType> answered = exception.getSupportedMediaTypes();
        String detail = answered.isEmpty() ? "no answer this endpoint gives is of a type the Accept header allows"
                : "this endpoint answers %s: send an Accept header that allows it".formatted(answered.stream()
                .map(MediaType::toString).collect(Collectors.joining(" or ")));
        return Problems.response(Problems.of("not_acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE.value(),
                detail), new HttpHeaders());
    }

    /** With {@code Allow}, which Spring sets from the methods the path has. */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException exception) {
        return Problems.response(Problems.of("method_not_allowed", "Method not allowed",
                HttpStatus.METHOD_NOT_ALLOWED.value(), exception.getMessage()), exception.getHeaders());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException exception) {
        return api(ApiException.notFound("no resource " + exception.getResourcePath()));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // the client went away while we waited; there is nobody to answer
    }

    /**
     * Anything else is a 500 that says nothing of its cause, except the database away: no connection, or none in
     * time (the pool's {@code connection-timeout}), met by a query ({@code CannotGetJdbcConnectionException}),
     * a transaction ({@code CannotCreateTransactionException}) or the pool ({@code SQLTransientConnectionException}),
     * and whatever wrapped it first (a cache loader, a future). That is a 503 to retry.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException) {
                log.warn("database unavailable: {}", exception.getMessage());
                return api(ApiException.unavailable("the database cannot take the request now"));
            }
        }
        log.error("unexpected error", exception);
        counted("internal_error");
        return Problems.response(Problems.internalError(), new HttpHeaders());
    }

    /** The field a mapping failure is in, by its path ({@code sections[0].code}); the body itself is {@code body}. */
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
        if (type.isRecord()) {
            return "an object";
        }
        return "a valid " + type.getSimpleName();
    }
}
