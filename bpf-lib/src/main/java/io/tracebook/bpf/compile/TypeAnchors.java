package io.tracebook.bpf.compile;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * clang writes BTF only for types that globals and function signatures use, so a {@code struct event}
 * that a program only reserves in a ring buffer would be missing from the object. For every struct
 * or union the user defines we append (after the user's last line, so no line moves) one pointer
 * global in section {@value #SECTION}, which libbpf skips: its BTF keeps the type, and names it as the user's.
 */
public final class TypeAnchors {
    /** The section of the anchors; libbpf ignores it ("skipping unrecognized data section"). */
    public static final String SECTION = ".tracebook.types";
    /** Prefix of every anchor's name; the rest is the struct's name. */
    public static final String PREFIX = "__tracebook_type_";

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern DEFINITION = Pattern.compile("\\b(struct|union)\\s+([A-Za-z_]\\w*)\\s*\\{");

    private TypeAnchors() {
    }

    /** The lines to append to {@code source}; empty when it defines no struct or union. */
    static String of(String source) {
        Matcher m = DEFINITION.matcher(COMMENT.matcher(source).replaceAll(" "));
        Set<String> lines = new LinkedHashSet<>();
        while (m.find()) {
            lines.add(m.group(1) + " " + m.group(2) + " *" + PREFIX + m.group(2)
                    + " __attribute__((section(\"" + SECTION + "\"), used));");
        }
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines) + "\n";
    }
}
