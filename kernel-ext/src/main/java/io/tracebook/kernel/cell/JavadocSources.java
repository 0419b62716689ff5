package io.tracebook.kernel.cell;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where Shift-Tab finds javadoc. JShell 25 reads it from the JDK's {@code src.zip} only, so Tracebook's own
 * classes showed a bare signature. The kernel hands JShell a longer list of source roots: the JDK's, then for
 * each entry of the class path its sources, where a build keeps them: a Maven module's {@code src/main/java}
 * next to its {@code target/classes} or {@code target/NAME.jar} (Tracebook's own library, built in place), or a
 * {@code NAME-sources.jar} beside {@code NAME.jar} (Maven's layout, once {@code mvn dependency:sources} fetched it).
 * JShell takes such a list only through a field it keeps for its own tests, set here by reflection (the kernelspec
 * opens {@code jdk.jshell} for it); without it, documentation stays the JDK's.
 */
public final class JavadocSources {

    private static final String OVERRIDE_CLASS = "jdk.jshell.SourceCodeAnalysisImpl";
    private static final String OVERRIDE_FIELD = "availableSourcesOverride";

    private JavadocSources() {
    }

    /**
     * Gives JShell the source roots of the JDK and of {@code classPath}'s entries; call before the first
     * documentation request. Returns why it could not, or null.
     */
    public static String install(String classPath) {
        try {
            Field override = Class.forName(OVERRIDE_CLASS).getDeclaredField(OVERRIDE_FIELD);
            override.setAccessible(true);
            override.set(null, roots(classPath));
            return null;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            return "Shift-Tab shows the JDK's documentation only (" + e + "); the kernelspec's --add-opens "
                    + "jdk.jshell/jdk.jshell=ALL-UNNAMED lets it show Tracebook's too";
        }
    }

    static List<Path> roots(String classPath) throws IOException {
        List<Path> roots = new ArrayList<>(jdkRoots());
        Set<Path> found = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path sources = sourcesOf(Path.of(entry).toAbsolutePath().normalize());
                if (sources != null) {
                    found.add(sources);
                }
            }
        }
        roots.addAll(found);
        return roots;
    }

    /** The JDK's sources as JShell itself finds them: each module's directory in {@code lib/src.zip}. */
    private static List<Path> jdkRoots() throws IOException {
        Path srcZip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        if (!Files.isReadable(srcZip)) {
            return List.of();
        }
        FileSystem zip = FileSystems.newFileSystem(srcZip); // stays open: JShell reads from it for the kernel's life
        List<Path> modules = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(zip.getRootDirectories().iterator().next())) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    modules.add(entry);
                }
            }
        }
        return modules;
    }

    /** A class path entry's sources, or null: src/main/java of its Maven module, or the -sources.jar beside a jar. */
    private static Path sourcesOf(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        Path target = entry.getParent();
        boolean built = name.equals("classes") || name.endsWith(".jar");
        if (built && target != null && target.getParent() != null && target.getFileName().toString().equals("target")) {
            Path sources = target.getParent().resolve("src/main/java");
            if (Files.isDirectory(sources)) {
                return sources;
            }
        }
        if (name.endsWith(".jar")) {
            Path sourcesJar = entry.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-sources.jar");
            if (Files.isRegularFile(sourcesJar)) {
                return sourcesJar;
            }
        }
        return null;
    }
}
