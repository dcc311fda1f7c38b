package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Map;

/**
 * Holdfast's problem documents: Spring's {@link ProblemDetail} (RFC 9457) with a {@code type} under
 * {@code https://holdfast.dev/problems/}, and the members API.md adds as its properties: {@code code} always,
 * {@code errors} for validation failures, {@code unavailableSeats} for {@code seats_unavailable} (the picked seats
 * that are taken, blocked or unknown), and {@code requestId} when the problem is the outcome of a command. They are
 * written after the standard members, in the order they were set ({@link JsonMixin}).
 */
public final class Problems {

    public static final String CODE = "code";
    public static final String ERRORS = "errors";
    public static final String UNAVAILABLE_SEATS = "unavailableSeats";
    public static final String REQUEST_ID = "requestId";

    private Problems() {
    }

    /**
     * How a problem is written: Spring's own mix-in for {@link ProblemDetail} (its properties as members, empty ones
     * left out), without {@code instance}, which Spring MVC fills with the request's path and API.md does not have.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties("instance")
    public interface JsonMixin {

        @JsonAnySetter
        void setProperty(String name, Object value);

        @JsonAnyGetter
        Map<String, Object> getProperties();
    }

    /** The documentation address of a problem code. */
    public static URI typeOf(String code) {
        return URI.create("https://holdfast.dev/problems/" + code.replace('_', '-'));
    }

    public static ProblemDetail of(String code, String title, int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(typeOf(code));
        problem.setTitle(title);
        problem.setProperty(CODE, code);
        return problem;
    }

    /** A copy of {@code problem} with one more property; the problem of a request document stays as it was read. */
    public static ProblemDetail with(ProblemDetail problem, String property, Object value) {
        ProblemDetail copy = of(codeOf(problem), problem.getTitle(), problem.getStatus(), problem.getDetail());
        problem.getProperties().forEach(copy::setProperty);
        copy.setProperty(property, value);
        return copy;
    }

    /** What an unexpected failure answers: nothing about its cause reaches the client. */
    public static ProblemDetail internalError() {
        return of("internal_error", "Internal error", 500, "an unexpected error occurred");
    }

    public static String codeOf(ProblemDetail problem) {
        return problem.getProperties() == null ? null : (String) problem.getProperties().get(CODE);
    }

    /** A problem as an answer: its status, {@code headers} and {@code application/problem+json}, whatever Accept. */
    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
