package dev.holdfast.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The packages of the module depend one way: no package uses a package that uses it back, directly or around. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.worker");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("dev.holdfast.worker.(*)..").should().beFreeOfCycles().check(classes);
    }
}
