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
    private static final Pattern TYPEDEF = Pattern.compile("\\btypedef\\s+(?:struct|union)\\s*(?:[A-Za-z_]\\w*)?\\s*\\{");
    private static final Pattern TYPEDEF_NAME = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*;");

    private TypeAnchors() {
    }

    /** The lines to append to {@code source}; empty when it defines no struct or union. */
    static String of(String source) {
        String code = COMMENT.matcher(source).replaceAll(" ");
        Set<String> lines = new LinkedHashSet<>();
        Matcher m = DEFINITION.matcher(code);
        while (m.find()) lines.add(anchor(m.group(1) + " " + m.group(2), m.group(2)));
        Matcher t = TYPEDEF.matcher(code);
        while (t.find()) {
            int close = matchingBrace(code, t.end() - 1);
            Matcher name = TYPEDEF_NAME.matcher(code.substring(close + 1));
            if (close > 0 && name.find()) lines.add(anchor(name.group(1), name.group(1)));
        }
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines) + "\n";
    }

    private static String anchor(String type, String name) {
        return type + " *" + PREFIX + name + " __attribute__((section(\"" + SECTION + "\"), used));";
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') depth++;
            else if (code.charAt(i) == '}' && --depth == 0) return i;
        }
        return -1;
    }
}
