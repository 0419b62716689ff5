package io.tracebook.bpf.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;

/**
 * The dependency direction ARCHITECTURE.md draws, checked on the compiled classes: each stage may use the
 * stages below it and never one above. A new package must be given its place here (and in ARCHITECTURE.md).
 */
@AnalyzeClasses(packages = "io.tracebook.bpf", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Bottom to top: a stage may depend on any stage before it in this list. */
    static final List<String> STAGES = List.of(
            "error", "ffi", "sys", "btf", "compile", "decode", "transport",
            "analysis", "chart", "display", "stream", "record", "lifecycle", "stack", "dsl");

    private static String packageOf(String stage) {
        return stage.equals("lifecycle") ? "io.tracebook.bpf" : "io.tracebook.bpf." + stage + "..";
    }

    @ArchTest
    static final ArchRule stagesDependOnlyOnTheStagesBelowThem = layers();

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.tracebook.bpf.(*)..").should().beFreeOfCycles();

    private static ArchRule layers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String stage : STAGES) layers = layers.layer(stage).definedBy(packageOf(stage));
        for (int i = 0; i < STAGES.size(); i++) {
            List<String> above = STAGES.subList(i + 1, STAGES.size());
            layers = above.isEmpty()
                    ? layers.whereLayer(STAGES.get(i)).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(STAGES.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return layers;
    }
}
