package dev.holdfast.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker's packages depend one way, as CONTRIBUTING.md's table of layers says and ARCHITECTURE.md's code map
 * shows: {@code config} → {@code inventory} (the domain) → {@code apply} → {@code outbox} → {@code consume}.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.worker");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("dev.holdfast.worker.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The rules need no Spring, no Kafka, no database and no clock of their own: plain Java on the contracts. */
    @Test
    void theDomainUsesOnlyTheContractsAndTheJdk() {
        classes().that().resideInAPackage("dev.holdfast.worker.inventory..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.holdfast.worker.inventory..", "dev.holdfast.contracts..", "java..")
                .because("the inventory rules are tested without Spring, Kafka or PostgreSQL (ARCHITECTURE.md, "
                        + "\"Code map\")")
                .check(classes);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("dev.holdfast.worker.config..")
                .layer("inventory").definedBy("dev.holdfast.worker.inventory..")
                .layer("apply").definedBy("dev.holdfast.worker.apply..")
                .layer("outbox").definedBy("dev.holdfast.worker.outbox..")
                .layer("consume").definedBy("dev.holdfast.worker.consume..")
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("inventory").mayNotAccessAnyLayer()
                .whereLayer("apply").mayOnlyAccessLayers("config", "inventory")
                .whereLayer("outbox").mayOnlyAccessLayers("config", "inventory", "apply")
                .whereLayer("consume").mayOnlyAccessLayers("config", "inventory", "apply", "outbox")
                // a new package takes its place in CONTRIBUTING.md's table and here
                .ensureAllClassesAreContainedInArchitectureIgnoring("dev.holdfast.worker")
                .check(classes);
    }
}
