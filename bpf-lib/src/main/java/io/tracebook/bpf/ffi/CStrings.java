package io.tracebook.bpf.ffi;

import java.lang.foreign.MemorySegment;

/** Reading NUL-terminated strings that libbpf returns as bare pointers. */
public final class CStrings {
    private CStrings() {
    }

    /** The string at {@code pointer}, or null for a NULL pointer. */
    public static String read(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) return null;
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
