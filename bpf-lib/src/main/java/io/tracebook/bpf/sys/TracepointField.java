package io.tracebook.bpf.sys;

import java.util.Set;

/**
 * One field of a tracepoint's record, as its tracefs {@code format} file describes it: {@code type} is the
 * C type as written there ({@code const char *}, {@code char[16]}, {@code __data_loc char[]}), {@code offset}
 * and {@code size} in bytes. {@code signed} follows bpftrace: a field the kernel declares {@code int} (or
 * {@code long}, {@code pid_t}, ...) is signed even where it sits in an 8-byte slot that the format file marks
 * unsigned, as syscall arguments do ({@code field:int flags; offset:32; size:8; signed:0;}); the whole slot is read.
 */
public record TracepointField(String name, String type, int offset, int size, boolean signed) {
    /** C integer types that are signed whatever the format file's {@code signed:} says of their slot. */
    private static final Set<String> SIGNED_TYPES = Set.of("int", "long", "short", "long long", "signed char", "s8", "s16",
            "s32", "s64", "__s8", "__s16", "__s32", "__s64", "ssize_t", "loff_t", "off_t", "pid_t", "long int", "int32_t",
            "int64_t", "clockid_t", "key_serial_t", "qid_t", "timer_t", "mqd_t", "rwf_t");

    /** What a field holds, which decides what a program can do with it. */
    public enum Kind {
        /** A number (integers, enums, bool): read whole, {@code size} bytes. */
        INTEGER,
        /** {@code char name[N]}: text inside the record. */
        CHAR_ARRAY,
        /** {@code char *}: the address of text elsewhere, read with a probe-read of a string. */
        STRING_POINTER,
        /** {@code __data_loc char[]}: text at the end of the record; the field holds its offset (low 16 bits) and length. */
        DATA_LOC_STRING,
        /** Any other pointer: an address. */
        POINTER,
        /** An array of something other than char, or a {@code __data_loc} array of it. */
        ARRAY
    }

    /** Parses the part of a format line between {@code field:} and the first {@code ;}, e.g. {@code const char * filename}. */
    static TracepointField parse(String declaration, int offset, int size, boolean signedSlot) {
        String decl = declaration.strip();
        String arraySuffix = "";
        int bracket = decl.lastIndexOf('[');
        if (bracket > 0 && decl.endsWith("]") && !decl.startsWith("__data_loc")) {
            arraySuffix = decl.substring(bracket).replace(" ", "");
            decl = decl.substring(0, bracket).strip();
        }
        int cut = decl.length();
        while (cut > 0 && (Character.isLetterOrDigit(decl.charAt(cut - 1)) || decl.charAt(cut - 1) == '_')) cut--;
        String name = decl.substring(cut);
        String type = (decl.substring(0, cut).strip() + arraySuffix).replaceAll("\\s+\\*", " *");
        boolean signed = signedSlot || SIGNED_TYPES.contains(type);
        return new TracepointField(name, type, offset, size, signed);
    }

    public Kind kind() {
        String base = type.replace("const ", "").replace("unsigned ", "").replace("signed ", "").strip();
        if (type.startsWith("__data_loc")) return base.contains("char[]") ? Kind.DATA_LOC_STRING : Kind.ARRAY;
        if (type.endsWith("]")) return base.startsWith("char[") ? Kind.CHAR_ARRAY : Kind.ARRAY;
        if (type.endsWith("*")) return base.equals("char *") ? Kind.STRING_POINTER : Kind.POINTER;
        return Kind.INTEGER;
    }

    /** The element count of an array field ({@code char comm[16]} → 16); 0 for other fields. */
    public int arrayLength() {
        if (!type.endsWith("]") || type.startsWith("__data_loc")) return 0;
        return Integer.parseInt(type.substring(type.lastIndexOf('[') + 1, type.length() - 1));
    }

    /** The fields every tracepoint record starts with ({@code common_type}, {@code common_pid}, ...). */
    public boolean isCommon() {
        return name.startsWith("common_");
    }
}
