package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An RFC 9457 problem document with Holdfast's {@code code}; {@code errors} for validation failures,
 * {@code unavailableSeats} for {@code seats_unavailable} (the picked seats that are taken, blocked or unknown), and
 * {@code requestId} when the problem is the outcome of a command.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int status,
                      String detail,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                              description = "Machine-readable: what went wrong") String code,
                      Map<String, List<String>> errors,
                      @Schema(description = "`seats_unavailable` only: the picked seats that are held, sold, blocked "
                              + "or unknown, each once, in row and seat order, unknown ones last")
                      List<String> unavailableSeats, UUID requestId) {

    /** The documentation address of a problem code. */
    public static String typeOf(String code) {
        return "https://holdfast.dev/problems/" + code.replace('_', '-');
    }

    public static Problem of(String code, String title, int status, String detail) {
        return new Problem(typeOf(code), title, status, detail, code, null, null, null);
    }

    /** What an unexpected failure answers: nothing about its cause reaches the client. */
    public static Problem internalError() {
        return of("internal_error", "Internal error", 500, "an unexpected error occurred");
    }

    public static Problem of(ApiException exception) {
        return new Problem(typeOf(exception.code()), exception.title(), exception.status().value(),
                exception.getMessage(), exception.code(), exception.errors(), null, null);
    }

    public Problem withRequestId(UUID id) {
        return new Problem(type, title, status, detail, code, errors, unavailableSeats, id);
    }

    /** The seats that made a pick fail ({@code seats_unavailable}); null leaves the field out. */
    public Problem withUnavailableSeats(List<String> seats) {
        return new Problem(type, title, status, detail, code, errors, seats, requestId);
    }

    public ResponseEntity<Object> toResponse(HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(this);
    }
}
