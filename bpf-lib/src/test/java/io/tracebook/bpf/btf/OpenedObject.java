package io.tracebook.bpf.btf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.ObjectBtfData;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** A BPF object file opened (not loaded) with libbpf, which needs no privileges. */
public final class OpenedObject implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment handle;

    private OpenedObject(MemorySegment handle) {
        this.handle = handle;
    }

    public static OpenedObject open(Path file) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment obj = Libbpf.bpf_object__open_file(a.allocateFrom(file.toString()), MemorySegment.NULL);
            if (obj.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("bpf_object__open_file(" + file + ") failed: " + Errno.name(Errno.last()));
            }
            return new OpenedObject(obj);
        }
    }

    public Btf btf() {
        return Btf.parse(rawBtf());
    }

    /** The object's BTF as libbpf serializes it. */
    public byte[] rawBtf() {
        return ObjectBtfData.of(handle).toArray(JAVA_BYTE);
    }

    /** The map whose name ends with {@code suffix} (internal maps are named like "layout_b.rodata"). */
    public MemorySegment map(String suffix) {
        for (MemorySegment m : LibbpfObjects.maps(handle)) {
            if (LibbpfObjects.mapName(m).endsWith(suffix)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no map named *" + suffix);
    }

    /** The initial contents of a data section's map (.rodata, .data, .bss) as libbpf laid them out. */
    public MemorySegment initialValue(String mapSuffix) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        MemorySegment data = Libbpf.bpf_map__initial_value(map(mapSuffix), size);
        return data.reinterpret(size.get(JAVA_LONG, 0));
    }

    @Override
    public void close() {
        Libbpf.bpf_object__close(handle);
        arena.close();
    }
}
