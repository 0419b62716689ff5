package io.tracebook.bpf.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the make-style dependency list clang writes with {@code -MMD -MF file}. */
final class DependencyFile {
    private DependencyFile() {
    }

    /** The prerequisites of the first rule, e.g. {@code "x.o: a.c b.h \\\n c.h"} gives a.c, b.h, c.h. */
    static List<Path> prerequisites(String makeRule) {
        String joined = makeRule.replace("\\\n", " ").replace("\\\r\n", " ");
        int colon = joined.indexOf(": ");
        if (colon < 0) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String rest = joined.substring(colon + 2);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && i + 1 < rest.length() && rest.charAt(i + 1) == ' ') {
                current.append(' ');
                i++;
            } else if (c == '$' && i + 1 < rest.length() && rest.charAt(i + 1) == '$') {
                current.append('$');
                i++;
            } else if (Character.isWhitespace(c)) {
                addPath(paths, current);
            } else {
                current.append(c);
            }
        }
        addPath(paths, current);
        return paths;
    }

    private static void addPath(List<Path> paths, StringBuilder current) {
        if (!current.isEmpty()) {
            paths.add(Path.of(current.toString()));
            current.setLength(0);
        }
    }
}
