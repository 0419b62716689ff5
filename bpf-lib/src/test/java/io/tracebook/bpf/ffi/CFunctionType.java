package io.tracebook.bpf.ffi;

import java.util.ArrayList;
import java.util.List;

/** A C function type as clang spells it, e.g. {@code int (const char *, size_t, ...)}, split into its parts. */
record CFunctionType(String returnType, List<String> parameters, boolean variadic) {

    static CFunctionType parse(String type) {
        String t = type.trim();
        if (!t.endsWith(")")) throw new IllegalArgumentException("not a function type: '" + type + "'");
        int open = openingParen(t);
        List<String> parameters = splitTopLevel(t.substring(open + 1, t.length() - 1));
        boolean variadic = !parameters.isEmpty() && parameters.getLast().equals("...");
        if (variadic) parameters.removeLast();
        if (parameters.equals(List.of("void"))) parameters.clear();
        return new CFunctionType(t.substring(0, open).trim(), List.copyOf(parameters), variadic);
    }

    /** Index of the parenthesis that opens the parameter list closed by the last character. */
    private static int openingParen(String t) {
        int depth = 0;
        for (int i = t.length() - 1; i >= 0; i--) {
            char c = t.charAt(i);
            if (c == ')') depth++;
            if (c == '(' && --depth == 0) return i;
        }
        throw new IllegalArgumentException("unbalanced parentheses in '" + t + "'");
    }

    /** Splits at commas outside nested parentheses and brackets (function pointer parameters have their own). */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(' || c == '[') depth++;
            if (c == ')' || c == ']') depth--;
            if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!list.isBlank()) parts.add(list.substring(start).trim());
        return parts;
    }
}
