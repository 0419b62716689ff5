package io.tracebook.kernel.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.tracebook.kernel.bpf.SessionImports;
import java.util.List;

/**
 * kernel-ext's dependency rules, as ARCHITECTURE.md draws them, checked on the compiled classes: it uses
 * only the packages bpf-lib's module-info exports, and each of its packages uses only those below it.
 * A new package must be given its place here (and in ARCHITECTURE.md).
 */
@AnalyzeClasses(packages = "io.tracebook.kernel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Bottom to top: a package may depend on any package before it in this list. */
    static final List<String> LAYERS = List.of("exec", "cell", "render", "magic", "kernel", "bpf");

    private static String packageOf(String layer) {
        return layer.equals("kernel") ? "io.tracebook.kernel" : "io.tracebook.kernel." + layer + "..";
    }

    @ArchTest
    static final ArchRule onlyTheLibrarysExportedPackages = noClasses().should().dependOnClassesThat(
                    resideInAPackage("io.tracebook.bpf..").and(not(resideInAnyPackage(
                            SessionImports.exportedPackages().toArray(String[]::new)))))
            .because("bpf-lib's module-info exports its user-facing packages; the rest may change without notice");

    @ArchTest
    static final ArchRule packagesDependOnlyOnThePackagesBelowThem = layers();

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.tracebook.kernel.(*)..").should().beFreeOfCycles();

    private static ArchRule layers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) layers = layers.layer(layer).definedBy(packageOf(layer));
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> above = LAYERS.subList(i + 1, LAYERS.size());
            layers = above.isEmpty()
                    ? layers.whereLayer(LAYERS.get(i)).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return layers;
    }
}
