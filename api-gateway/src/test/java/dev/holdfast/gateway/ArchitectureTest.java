package dev.holdfast.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway's packages depend one way, as CONTRIBUTING.md's table of layers says: the foundation ({@code problem},
 * {@code jdbc}, {@code config}, {@code notify}, {@code auth}) → {@code read} → {@code request} (submitting a command,
 * knowing no feature) → the features ({@code event}, {@code reservation}, {@code waitlist}, {@code page}) →
 * {@code openapi}. Inside a layer, the cycle rule keeps the packages one way too.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.gateway");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("dev.holdfast.gateway.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("foundation").definedBy("dev.holdfast.gateway.problem..", "dev.holdfast.gateway.jdbc..",
                        "dev.holdfast.gateway.config..", "dev.holdfast.gateway.notify..", "dev.holdfast.gateway.auth..")
                .layer("read").definedBy("dev.holdfast.gateway.read..")
                .layer("request").definedBy("dev.holdfast.gateway.request..")
                .layer("features").definedBy("dev.holdfast.gateway.event..", "dev.holdfast.gateway.reservation..",
                        "dev.holdfast.gateway.waitlist..", "dev.holdfast.gateway.page..")
                .layer("openapi").definedBy("dev.holdfast.gateway.openapi..")
                .whereLayer("foundation").mayNotAccessAnyLayer()
                .whereLayer("read").mayOnlyAccessLayers("foundation")
                .whereLayer("request").mayOnlyAccessLayers("foundation", "read")
                .whereLayer("features").mayOnlyAccessLayers("foundation", "read", "request")
                .whereLayer("openapi").mayOnlyAccessLayers("foundation", "read", "request", "features")
                // a new package takes its place in CONTRIBUTING.md's table and here
                .ensureAllClassesAreContainedInArchitectureIgnoring("dev.holdfast.gateway")
                .check(classes);
    }
}
