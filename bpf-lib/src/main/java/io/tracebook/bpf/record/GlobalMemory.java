package io.tracebook.bpf.record;

import java.lang.foreign.MemorySegment;

/**
 * The memory of one section of globals (.bss, .data, .rodata) of a loaded object: the kernel's, mapped, or a
 * recording's. Callers hold the object's lifetime lock, so the memory is not unmapped under them.
 */
public interface GlobalMemory {
    /** The {@code size} bytes of global {@code name} at {@code offset} of the section, valid until the next read. */
    MemorySegment read(String name, long offset, long size);

    /** Where to write global {@code name}: the section's memory (a replay gives scratch memory that changes nothing). */
    MemorySegment writable(String name, long offset, long size);
}
