package dev.holdfast.system;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails the test (or, for what its class did outside a test, the class) during which a response did not match the
 * served OpenAPI document ({@link OpenApiValidation}), listing every violation; at the end of the run prints how many
 * responses were validated. Registered for every system test by JUnit's extension autodetection (the failsafe
 * configuration turns it on; {@code META-INF/services} names this class).
 */
public final class OpenApiValidationExtension implements AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            OpenApiValidationExtension.class);

    @Override
    public void afterEach(ExtensionContext context) {
        failOnViolations(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnViolations(context);
    }

    private static void failOnViolations(ExtensionContext context) {
        // once per run, closed when the run ends: the totals
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Summary.class);
        OpenApiValidation validation = OpenApiValidation.current();
        if (validation == null) {
            return;
        }
        List<String> violations = validation.drainViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " response(s) do not match the OpenAPI document served at "
                    + "/v3/api-docs:\n  " + String.join("\n  ", violations));
        }
    }

    /** Prints the run's totals when JUnit closes the root store, after the last test. */
    static final class Summary implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            OpenApiValidation validation = OpenApiValidation.current();
            if (validation == null) {
                return;
            }
            System.out.printf("OpenAPI validation: %d responses validated against /v3/api-docs, %d violations "
                            + "(%d responses to requests outside the document not validated)%n",
                    validation.validated(), validation.violationCount(), validation.undescribed());
        }
    }
}
