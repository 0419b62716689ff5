package io.tracebook.bpf.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * clang writes BTF only for types that globals and function signatures use, so a {@code struct event}
 * that a program only reserves in a ring buffer, or fills on the stack, would be missing from the object.
 * For every struct or union the user defines, in the source or in a header it includes with quotes (as
 * real-world programs keep their event in {@code TOOL.h}), we append (after the user's last line, so no
 * line moves) one pointer global in section {@value #SECTION}, which libbpf skips: its BTF keeps the type,
 * and names it as the user's.
 *
 * <p>Every step is linear in the source's length, whatever it holds (thousands of unclosed comments or
 * braces included): it runs on untrusted text before clang does.
 */
public final class TypeAnchors {
    /** The section of the anchors; libbpf ignores it ("skipping unrecognized data section"). */
    public static final String SECTION = ".tracebook.types";
    /** Prefix of every anchor's name; the rest is the struct's name. */
    public static final String PREFIX = "__tracebook_type_";

    private static final Pattern DEFINITION = Pattern.compile("\\b(struct|union)\\s+([A-Za-z_]\\w*)\\s*\\{");
    private static final Pattern TYPEDEF = Pattern.compile("\\btypedef\\s+(?:struct|union)\\s*(?:[A-Za-z_]\\w*)?\\s*\\{");
    private static final Pattern TYPEDEF_NAME = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*;");
    private static final Pattern QUOTED_INCLUDE = Pattern.compile("^[ \\t]*#[ \\t]*include[ \\t]*\"([^\"\\n]+)\"", Pattern.MULTILINE);

    private TypeAnchors() {
    }

    /**
     * The lines to append to {@code source}; empty when it and its headers define no struct or union. A quoted
     * include is found as clang finds it: beside the including file ({@code sourceDir} for the source, null for a
     * snippet, which has none), then in {@code includeDirs}; headers in Tracebook's own directory ({@code ours}:
     * vmlinux.h, tracebook.h) are not the user's and are left out.
     */
    static String of(String source, Path sourceDir, List<Path> includeDirs, Predicate<Path> ours) {
        Set<String> lines = new LinkedHashSet<>();
        scan(source, true, sourceDir, includeDirs, ours, lines, new HashSet<>());
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines) + "\n";
    }

    /** Whether {@code source} has a quoted {@code #include} (outside comments): its anchors then depend on that header. */
    static boolean includesHeaders(String source) {
        return QUOTED_INCLUDE.matcher(withoutComments(source)).find();
    }

    /**
     * Adds anchors for what {@code text} defines and recurses into its quoted includes. A header's typedef names are
     * left out: one defined under an {@code #if} not taken would be an unknown name after it, where a tagged struct
     * pointer is valid C whether the struct is defined or not.
     */
    private static void scan(String text, boolean typedefs, Path dir, List<Path> includeDirs, Predicate<Path> ours,
                             Set<String> lines, Set<Path> seen) {
        String code = withoutComments(text);
        Matcher m = DEFINITION.matcher(code);
        while (m.find()) lines.add(anchor(m.group(1) + " " + m.group(2), m.group(2)));
        if (typedefs) {
            Braces braces = Braces.of(code);
            Matcher t = TYPEDEF.matcher(code);
            Matcher name = TYPEDEF_NAME.matcher(code);
            while (t.find()) {
                int close = braces.closing(t.end() - 1);
                if (close > 0 && name.region(close + 1, code.length()).lookingAt()) lines.add(anchor(name.group(1), name.group(1)));
            }
        }
        Matcher include = QUOTED_INCLUDE.matcher(code);
        while (include.find()) {
            Path header = find(include.group(1), dir, includeDirs);
            if (header == null || ours.test(header) || !seen.add(header)) continue;
            try {
                scan(SourceText.read(header), false, header.getParent(), includeDirs, ours, lines, seen);
            } catch (IOException | RuntimeException unreadable) {
                // clang reports a header it cannot read when it compiles; without it there is nothing to anchor
            }
        }
    }

    private static Path find(String name, Path dir, List<Path> includeDirs) {
        List<Path> candidates = new ArrayList<>();
        if (dir != null) candidates.add(dir);
        candidates.addAll(includeDirs);
        for (Path d : candidates) {
            try {
                Path p = d.resolve(name).toAbsolutePath().normalize();
                if (Files.isRegularFile(p)) return p;
            } catch (java.nio.file.InvalidPathException notAPath) {
                return null;
            }
        }
        return null;
    }

    private static String anchor(String type, String name) {
        return type + " *" + PREFIX + name + " __attribute__((section(\"" + SECTION + "\"), used));";
    }

    /** {@code source} with each comment replaced by a space; string and character literals are kept as they are. */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            char next = i + 1 < n ? source.charAt(i + 1) : 0;
            if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (c == '/' && next == '/') {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
                code.append(' ');
            } else if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                code.append(source, i, end);
                i = end;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /** Just past the literal opened by the quote at {@code open}; a literal ends at its line's end at the latest. */
    private static int endOfLiteral(String source, int open) {
        char quote = source.charAt(open);
        for (int i = open + 1; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') i++;
            else if (c == quote) return i + 1;
            else if (c == '\n') return i;
        }
        return source.length();
    }

    /** Where each '{' of a source is and where the '}' closing it is (-1 when none does): found in one pass. */
    private record Braces(int[] opens, int[] closes) {
        static Braces of(String code) {
            int count = 0;
            for (int i = 0; i < code.length(); i++) {
                if (code.charAt(i) == '{') count++;
            }
            int[] opens = new int[count];
            int[] closes = new int[count];
            int[] stack = new int[count];
            int depth = 0;
            int seen = 0;
            for (int i = 0; i < code.length(); i++) {
                char c = code.charAt(i);
                if (c == '{') {
                    opens[seen] = i;
                    closes[seen] = -1;
                    stack[depth++] = seen++;
                } else if (c == '}' && depth > 0) {
                    closes[stack[--depth]] = i;
                }
            }
            return new Braces(opens, closes);
        }

        /** The '}' closing the '{' at {@code open}, or -1. */
        int closing(int open) {
            int index = Arrays.binarySearch(opens, open);
            return index < 0 ? -1 : closes[index];
        }
    }
}
