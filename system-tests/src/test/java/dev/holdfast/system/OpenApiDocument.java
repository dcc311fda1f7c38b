package dev.holdfast.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenAPI document as the gateway serves it at {@code /v3/api-docs}, and its committed copy
 * {@code docs/openapi.json}: keys sorted at every level, two-space indentation, one newline at the end, so that the
 * file is the same bytes for the same document and its diffs show what changed.
 */
final class OpenApiDocument {

    /** Set (to anything) to write the served document to {@link #committedFile()} instead of comparing with it. */
    static final String WRITE_PROPERTY = "holdfast.openapi.write";

    /** How to regenerate the committed file, for the message of a test that finds it stale. */
    static final String REGENERATE = "./mvnw install -DskipTests -pl api-gateway && ./mvnw verify -pl system-tests "
            + "-Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiIT -D" + WRITE_PROPERTY;

    private OpenApiDocument() {
    }

    /** The document the gateway serves now, as a tree. */
    static JsonNode served(Api api) {
        Api.Response response = api.get("/v3/api-docs", null);
        if (response.status() != 200 || response.json() == null) {
            throw new IllegalStateException("/v3/api-docs answered " + response.status() + ": " + response.raw().body());
        }
        return response.json();
    }

    /** The canonical text of a document: keys sorted at every level, pretty-printed, ending with a newline. */
    static String canonical(JsonNode document) {
        return GoldenJson.text(GoldenJson.sorted(document));
    }

    /**
     * {@code docs/openapi.json} at the root of the repository: the failsafe configuration names it; run from the
     * module directory without it, {@code ../docs/openapi.json}.
     */
    static Path committedFile() {
        String configured = System.getProperty("holdfast.openapi.file");
        return configured != null ? Path.of(configured) : Path.of("..", "docs", "openapi.json");
    }

    static String committed() {
        try {
            return Files.exists(committedFile()) ? Files.readString(committedFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String canonical) {
        try {
            Files.createDirectories(committedFile().toAbsolutePath().getParent());
            Files.writeString(committedFile(), canonical);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
