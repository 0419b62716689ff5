package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user adds to clang's command line: include directories, searched before Tracebook's (so a directory with
 * newer libbpf headers wins over the system's), and {@code -D} macro definitions. Immutable.
 *
 * @param includeDirs absolute directories, in search order
 * @param defines     macro name to its value (an empty value defines it as clang's {@code -DNAME} does: to 1)
 */
public record ClangOptions(List<Path> includeDirs, Map<String, String> defines) {
    public static final ClangOptions NONE = new ClangOptions(List.of(), Map.of());

    public ClangOptions {
        includeDirs = List.copyOf(includeDirs);
        defines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defines));
    }

    /** These options and include directory {@code dir}, which must exist. */
    public ClangOptions include(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new CompileException("include directory " + absolute + " does not exist", List.of(), "");
        }
        List<Path> dirs = new ArrayList<>(includeDirs);
        dirs.add(absolute);
        return new ClangOptions(dirs, defines);
    }

    /** These options and macro {@code name} defined as {@code value} ("" for clang's default of 1). */
    public ClangOptions define(String name, String value) {
        if (!name.matches("[A-Za-z_]\\w*")) {
            throw new CompileException("'" + name + "' is not a macro name (letters, digits and _, not starting with a digit)", List.of(), "");
        }
        Map<String, String> all = new LinkedHashMap<>(defines);
        all.put(name, value);
        return new ClangOptions(includeDirs, all);
    }

    boolean isEmpty() {
        return includeDirs.isEmpty() && defines.isEmpty();
    }

    /** The clang arguments: {@code -I dir ... -DNAME=VALUE ...}. */
    List<String> clangArgs() {
        List<String> args = new ArrayList<>();
        for (Path dir : includeDirs) args.addAll(List.of("-I", dir.toString()));
        defines.forEach((name, value) -> args.add(value.isEmpty() ? "-D" + name : "-D" + name + "=" + value));
        return args;
    }
}
