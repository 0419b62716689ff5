package io.tracebook.kernel.magic;

import io.tracebook.kernel.cell.CellError;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * {@code %classpath PATH...} (also {@code %jars}): adds jars or class directories to the session.
 * An argument may hold several paths joined by the platform's path separator, and its last name
 * may be a glob ({@code lib/*.jar}); relative paths start at the notebook's directory.
 */
public final class ClasspathMagic implements LineMagic<Void, BaseKernel> {

    private final MagicHost host;

    public ClasspathMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Void eval(BaseKernel kernel, List<String> args) {
        if (args.isEmpty()) {
            throw new CellError.MagicError("%classpath needs jars or class directories, e.g. %classpath lib/*.jar");
        }
        List<Path> entries = resolve(args, Path.of(""));
        host.addToClasspath(entries);
        return null;
    }

    static List<Path> resolve(List<String> args, Path base) {
        List<Path> entries = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.addAll(expand(base.resolve(withHome(entry.strip())).toAbsolutePath().normalize()));
                }
            }
        }
        return entries;
    }

    private static String withHome(String entry) {
        return entry.startsWith("~/") ? System.getProperty("user.home") + entry.substring(1) : entry;
    }

    private static List<Path> expand(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            if (!Files.exists(path)) {
                throw new CellError.MagicError("no such jar or directory: " + path);
            }
            return List.of(path);
        }
        PathMatcher matcher = path.getFileSystem().getPathMatcher("glob:" + name);
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> directory = Files.newDirectoryStream(path.getParent())) {
            directory.forEach(p -> {
                if (matcher.matches(p.getFileName())) {
                    matches.add(p);
                }
            });
        } catch (IOException e) {
            throw new CellError.MagicError("cannot list " + path.getParent() + ": " + e.getMessage());
        }
        if (matches.isEmpty()) {
            throw new CellError.MagicError("nothing matches " + name + " in " + path.getParent());
        }
        return matches.stream().sorted().toList();
    }
}
