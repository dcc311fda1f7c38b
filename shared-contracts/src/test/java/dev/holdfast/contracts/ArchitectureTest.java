package dev.holdfast.contracts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The contracts' packages depend one way, as CONTRIBUTING.md's table of layers says: {@code contracts} (topics,
 * channels, JSON) → {@code contracts.command} → {@code contracts.change}.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.contracts");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("dev.holdfast.contracts.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("contracts").definedBy("dev.holdfast.contracts")
                .layer("command").definedBy("dev.holdfast.contracts.command..")
                .layer("change").definedBy("dev.holdfast.contracts.change..")
                .whereLayer("contracts").mayNotAccessAnyLayer()
                .whereLayer("command").mayOnlyAccessLayers("contracts")
                .whereLayer("change").mayOnlyAccessLayers("contracts", "command")
                // a new package takes its place in CONTRIBUTING.md's table and here
                .ensureAllClassesAreContainedInArchitecture()
                .check(classes);
    }
}
