package dev.holdfast.gateway;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway's packages depend one way, as CONTRIBUTING.md's table of layers says: the foundation ({@code problem},
 * {@code validation}, {@code jdbc}, {@code config}, {@code notify}, {@code auth}, {@code limit}) → {@code read} → {@code command}
 * (submitting a command and answering with its outcome, knowing no feature) → the features ({@code event},
 * {@code reservation}, {@code waitlist}, {@code request}, {@code page}) → {@code openapi}. Inside a layer, the cycle
 * rule keeps the packages one way too, and a feature uses another only through the classes it names as its entry
 * points.
 */
class ArchitectureTest {

    private static final String GATEWAY = "dev.holdfast.gateway.";
    private static final List<String> FEATURES = List.of("event", "reservation", "waitlist", "request", "page");
    /** What a feature may use of another; a nested class belongs to its outer class. */
    private static final List<String> ENTRY_POINTS = List.of(GATEWAY + "event.EventCatalog",
            GATEWAY + "event.EventShape");

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
                .layer("foundation").definedBy("dev.holdfast.gateway.problem..", "dev.holdfast.gateway.validation..",
                        "dev.holdfast.gateway.jdbc..", "dev.holdfast.gateway.config..", "dev.holdfast.gateway.notify..",
                        "dev.holdfast.gateway.auth..", "dev.holdfast.gateway.limit..")
                .layer("read").definedBy("dev.holdfast.gateway.read..")
                .layer("command").definedBy("dev.holdfast.gateway.command..")
                .layer("features").definedBy(FEATURES.stream().map(feature -> GATEWAY + feature + "..")
                        .toArray(String[]::new))
                .layer("openapi").definedBy("dev.holdfast.gateway.openapi..")
                .whereLayer("foundation").mayNotAccessAnyLayer()
                .whereLayer("read").mayOnlyAccessLayers("foundation")
                .whereLayer("command").mayOnlyAccessLayers("foundation", "read")
                .whereLayer("features").mayOnlyAccessLayers("foundation", "read", "command")
                .whereLayer("openapi").mayOnlyAccessLayers("foundation", "read", "command", "features")
                // a new package takes its place in CONTRIBUTING.md's table and here
                .ensureAllClassesAreContainedInArchitectureIgnoring("dev.holdfast.gateway")
                .check(classes);
    }

    @Test
    void featuresUseEachOtherOnlyThroughTheirEntryPoints() {
        classes().that().resideInAnyPackage(FEATURES.stream().map(feature -> GATEWAY + feature + "..")
                        .toArray(String[]::new))
                .should(useOtherFeaturesOnlyThrough(ENTRY_POINTS))
                .check(classes);
    }

    private static ArchCondition<JavaClass> useOtherFeaturesOnlyThrough(List<String> entryPoints) {
        return new ArchCondition<>("use another feature only through " + entryPoints) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String feature = featureOf(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    String other = featureOf(target);
                    if (other != null && !other.equals(feature) && !entryPoints.contains(outermost(target))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + ", which is not an entry point of feature " + other));
                    }
                }
            }
        };
    }

    /** The feature a class belongs to, or null outside the features. */
    private static String featureOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        for (String feature : FEATURES) {
            if (name.equals(GATEWAY + feature) || name.startsWith(GATEWAY + feature + ".")) {
                return feature;
            }
        }
        return null;
    }

    private static String outermost(JavaClass javaClass) {
        JavaClass outer = javaClass;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer.getName();
    }
}
