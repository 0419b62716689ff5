package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.ffi.CStrings;
import io.tracebook.bpf.ffi.LibBpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The internal maps that hold a program's globals (.rodata, .data, .bss) and their memory. */
final class GlobalData {
    private GlobalData() {
    }

    /** libbpf names them "<object prefix>.rodata" etc. */
    static MemorySegment mapForSection(MemorySegment obj, String section) {
        for (MemorySegment m = LibBpf.bpf_object__next_map(obj, MemorySegment.NULL); !m.equals(MemorySegment.NULL);
             m = LibBpf.bpf_object__next_map(obj, m)) {
            String name = CStrings.read(LibBpf.bpf_map__name(m));
            if (name.endsWith(section)) return m;
        }
        throw new BpfException("no map holds section " + section + " of this object");
    }

    /** The memory of the section: before load libbpf's copy; after load the kernel map itself (mmap-ed). */
    static MemorySegment initialValue(MemorySegment map, String section) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = LibBpf.bpf_map__initial_value(map, size);
            if (data.equals(MemorySegment.NULL)) throw new BpfException("section " + section + " has no accessible memory");
            return data.reinterpret(size.get(JAVA_LONG, 0));
        }
    }
}
