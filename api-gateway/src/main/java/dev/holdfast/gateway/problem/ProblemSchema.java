package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The OpenAPI schema of a problem document, named {@code Problem}: a {@link org.springframework.http.ProblemDetail}
 * with Holdfast's properties ({@link Problems}), which the schema lists as members because that is how they are
 * written, each only when it applies. Only described, never made: the OpenAPI description's, and the
 * {@code implementation} of a {@code ProblemDetail} inside a document ({@code RequestDocument}).
 */
@Schema(name = "Problem")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemSchema(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int status,
                            String detail,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                    description = "Machine-readable: what went wrong") String code,
                            Map<String, List<String>> errors,
                            @Schema(description = "`seats_unavailable` only: the picked seats that are held, sold, "
                                    + "blocked or unknown, each once, in row and seat order, unknown ones last")
                            List<String> unavailableSeats, UUID requestId) {
}
