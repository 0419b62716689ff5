package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.util.Map;
import java.util.Optional;

/** Maps C type spellings to the FFM layouts that carry them on x86-64 Linux (LP64: long is 8 bytes). */
final class CTypes {
    // clang spells _Bool "bool" once stdbool.h has defined the macro, and "_Bool" before
    private static final Map<String, MemoryLayout> BUILTINS = Map.ofEntries(
            Map.entry("_Bool", JAVA_BOOLEAN),
            Map.entry("bool", JAVA_BOOLEAN),
            Map.entry("char", JAVA_BYTE),
            Map.entry("signed char", JAVA_BYTE),
            Map.entry("unsigned char", JAVA_BYTE),
            Map.entry("short", JAVA_SHORT),
            Map.entry("unsigned short", JAVA_SHORT),
            Map.entry("int", JAVA_INT),
            Map.entry("unsigned int", JAVA_INT),
            Map.entry("long", JAVA_LONG),
            Map.entry("unsigned long", JAVA_LONG),
            Map.entry("long long", JAVA_LONG),
            Map.entry("unsigned long long", JAVA_LONG));

    private final Map<String, String> typedefs;

    CTypes(Map<String, String> typedefs) {
        this.typedefs = typedefs;
    }

    /** The type with qualifiers dropped and typedefs resolved ("const size_t" becomes "unsigned long"). */
    String canonical(String type) {
        String t = unqualified(type);
        while (typedefs.containsKey(t)) t = unqualified(typedefs.get(t));
        return t;
    }

    /** Layout of a return value or struct field; empty for void, arrays, and structs or unions by value. */
    Optional<MemoryLayout> valueLayout(String type) {
        String t = canonical(type);
        if (t.endsWith("]")) return Optional.empty();
        if (t.contains("*")) return Optional.of(ADDRESS);
        if (t.startsWith("enum ")) return Optional.of(JAVA_INT);
        return Optional.ofNullable(BUILTINS.get(t));
    }

    /**
     * Layout of a parameter. C adjusts array and function parameters to pointers; that is also how
     * va_list arrives on x86-64, where it is {@code struct __va_list_tag[1]}.
     */
    Optional<MemoryLayout> parameterLayout(String type) {
        String t = canonical(type);
        if (t.endsWith("]") || t.endsWith(")")) return Optional.of(ADDRESS);
        return valueLayout(t);
    }

    private static String unqualified(String type) {
        return type.replaceAll("\\b(const|volatile|restrict|__restrict)\\b", " ")
                .replaceAll("\\s+", " ")
                .trim();
    }
}
