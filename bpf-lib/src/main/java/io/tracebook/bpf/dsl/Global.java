package io.tracebook.bpf.dsl;

/**
 * A {@code const volatile} global holding a filter's literal: declared in the C with a zero value, set to
 * {@code value} before load, so the C (and the compiled object) stays the same whatever the value.
 *
 * @param name  its C name, e.g. {@code pid_eq}
 * @param cType {@code u32}, {@code s64}, ... or {@code char} for text
 * @param length for text, the array length; 0 for numbers
 * @param value a Long or a String
 * @param call  the filter it comes from, as written
 */
record Global(String name, String cType, int length, Object value, String call) {
    String declaration() {
        return length == 0 ? "const volatile " + cType + " " + name + " = 0;" : "const volatile char " + name + "[" + length + "] = {};";
    }

    /** In a %%bpf cell the value is written in, since a cell cannot set it before load. */
    String declarationWithValue() {
        if (length == 0) return "const volatile " + cType + " " + name + " = " + value + (cType.startsWith("u") ? "ULL;" : "LL;");
        return "const volatile char " + name + "[" + length + "] = \"" + CText.escape((String) value) + "\";";
    }
}
