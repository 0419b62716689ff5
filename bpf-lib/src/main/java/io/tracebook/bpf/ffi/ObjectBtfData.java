package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The raw BTF bytes of an opened bpf_object, as libbpf serializes them (data sections already sized). */
public final class ObjectBtfData {
    private ObjectBtfData() {
    }

    /** Valid as long as the object is open: copy it (Btf.parse does) before closing. */
    public static MemorySegment of(MemorySegment object) {
        MemorySegment btf = Libbpf.bpf_object__btf(object);
        if (btf.equals(MemorySegment.NULL)) {
            throw new BpfException("the BPF object carries no BTF: compile it with clang -g so field names and types are known");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_INT);
            MemorySegment data = Libbpf.btf__raw_data(btf, size);
            if (data.equals(MemorySegment.NULL)) throw new BpfException("libbpf could not serialize the object's BTF (out of memory?)");
            return data.reinterpret(Integer.toUnsignedLong(size.get(JAVA_INT, 0)));
        }
    }
}
