package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Explains a program written for a newer libbpf than the one installed: clang only says what the missing macro
 * made of the line ("unexpected type name 'size_t'" for {@code int BPF_UPROBE(f, size_t n)}). When an error's
 * line uses a libbpf name that came with a later release and the installed headers lack it, the hint names it,
 * its release and the installed one.
 */
final class NewerLibbpfHint {
    /** libbpf's own headers, as Debian's libbpf-dev installs them. */
    private static final Path SYSTEM_HEADERS = Path.of("/usr/include/bpf");

    /** Names BPF C programs use that later libbpf releases brought, with the release (from libbpf's release notes). */
    private static final Map<String, String> SINCE = Map.ofEntries(
            Map.entry("BPF_UPROBE", "1.2"), Map.entry("BPF_URETPROBE", "1.2"),
            Map.entry("bpf_for", "1.2"), Map.entry("bpf_for_each", "1.2"), Map.entry("bpf_repeat", "1.2"),
            Map.entry("bpf_ksym_exists", "1.2"),
            Map.entry("__arg_ctx", "1.4"), Map.entry("__arg_nonnull", "1.4"), Map.entry("__arg_nullable", "1.4"),
            Map.entry("__arg_trusted", "1.4"), Map.entry("__arg_arena", "1.4"));
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern VERSION = Pattern.compile("#define LIBBPF_(MAJOR|MINOR)_VERSION (\\d+)");

    private NewerLibbpfHint() {
    }

    /**
     * The hint for the first such name on an error's line, if any. {@code includeDirs}: the user's, searched before
     * the system's, so their {@code bpf/} may hold the newer headers.
     */
    static Optional<String> explain(List<Diagnostic> errors, List<Path> includeDirs) {
        List<Path> headerDirs = Stream.concat(includeDirs.stream().map(d -> d.resolve("bpf")), Stream.of(SYSTEM_HEADERS))
                .filter(Files::isDirectory).toList();
        if (headerDirs.isEmpty()) return Optional.empty();
        for (Diagnostic e : errors) {
            Matcher m = IDENTIFIER.matcher(e.sourceLine());
            while (m.find()) {
                String name = m.group();
                if (SINCE.containsKey(name) && headerDirs.stream().noneMatch(dir -> definedIn(dir, name))) {
                    Path used = headerDirs.getFirst();
                    return Optional.of(name + " comes with libbpf " + SINCE.get(name) + " and later; the libbpf headers here ("
                            + used + ") are " + version(used) + ": install a newer libbpf-dev, or give clang a directory "
                            + "holding newer headers (its bpf/ inside) with Bpf.options().include(dir)");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean definedIn(Path headers, String name) {
        Pattern defined = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
        try (Stream<Path> files = Files.list(headers)) {
            return files.filter(f -> f.toString().endsWith(".h")).anyMatch(f -> {
                try {
                    return defined.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** "1.1", from libbpf_version.h. */
    private static String version(Path headers) {
        try {
            Matcher m = VERSION.matcher(Files.readString(headers.resolve("libbpf_version.h")));
            String major = "?";
            String minor = "?";
            while (m.find()) {
                if (m.group(1).equals("MAJOR")) major = m.group(2);
                else minor = m.group(2);
            }
            return "libbpf " + major + "." + minor;
        } catch (IOException e) {
            return "of an unknown libbpf version";
        }
    }
}
