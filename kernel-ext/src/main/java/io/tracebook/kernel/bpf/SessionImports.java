package io.tracebook.kernel.bpf;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The imports a notebook session starts with, the same as {@code bpf.jsh}'s: bpf-lib's user-facing
 * packages, read from its {@code module-info} (the one list of them), and the packages a tracing
 * session uses beside them. A kernel-ext test checks the list against {@code bpf.jsh}.
 */
public final class SessionImports {

    /**
     * JShell 25's own default start-up, which {@code bpf.jsh} keeps; a stock kernel may not import it,
     * and importing it twice is harmless.
     */
    private static final String JAVA_BASE = "import module java.base;";

    /**
     * Tablesaw's and XChart's API, then packages named again although {@code java.base} has them: a
     * package import outranks a module import, so these win should a session add a module
     * ({@code java.desktop} has its own {@code List}).
     */
    private static final List<String> OTHER_PACKAGES = List.of(
            "tech.tablesaw.api", "org.knowm.xchart", "java.time", "java.util", "java.util.function", "java.nio.file");

    /** The one-liner DSL's vocabulary ({@code on(..)}, {@code comm()}, {@code arg(..)}, ...), as {@code bpf.jsh} imports it. */
    private static final String ONE_LINER_VOCABULARY = "import static io.tracebook.bpf.dsl.Trace.*;";

    private static final String MODULE_INFO = "module-info.class";

    private SessionImports() {
    }

    /** The import statements, one per element, in the order the session runs them. */
    public static List<String> statements() {
        List<String> statements = new ArrayList<>();
        statements.add(JAVA_BASE);
        for (String name : exportedPackages()) {
            statements.add("import " + name + ".*;");
        }
        statements.add(ONE_LINER_VOCABULARY);
        for (String name : OTHER_PACKAGES) {
            statements.add("import " + name + ".*;");
        }
        return statements;
    }

    /**
     * The packages bpf-lib's {@code module-info} exports. Read from the jar or class directory that
     * {@link Bpf} comes from: the class loader would answer with the first {@code module-info.class} on
     * the class path, and several jars carry one.
     */
    public static SortedSet<String> exportedPackages() {
        return exportedPackages(libraryLocation());
    }

    /** The packages the {@code module-info.class} at the root of {@code library}, a jar or a class directory, exports. */
    static SortedSet<String> exportedPackages(Path library) {
        try {
            if (Files.isDirectory(library)) {
                return exports(library.resolve(MODULE_INFO));
            }
            try (FileSystem jar = FileSystems.newFileSystem(library)) {
                return exports(jar.getPath(MODULE_INFO));
            }
        } catch (IOException e) {
            throw new BpfException("cannot read the list of Tracebook's packages from " + library.resolve(MODULE_INFO)
                    + "; rebuild Tracebook (./tracebook build) and restart the kernel", e);
        }
    }

    private static SortedSet<String> exports(Path moduleInfo) throws IOException {
        try (InputStream in = Files.newInputStream(moduleInfo)) {
            SortedSet<String> packages = new TreeSet<>();
            ModuleDescriptor.read(in).exports().forEach(export -> packages.add(export.source()));
            return packages;
        }
    }

    private static Path libraryLocation() {
        CodeSource source = Bpf.class.getProtectionDomain().getCodeSource();
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new BpfException("cannot tell where Tracebook's library was loaded from (" + source
                    + "); start the kernel with bpf-lib's jar or classes on the class path", e);
        }
    }
}
