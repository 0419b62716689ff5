package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import io.tracebook.bpf.ffi.ObjectBtfData;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.OpenedObject;
import io.tracebook.bpf.sys.Failures;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** libbpf's {@code struct bpf_object} between open and load: the kernel side of {@link OpenObject}. */
final class KernelOpenedObject implements OpenedObject {
    /** libbpf prefixes internal map names with the object name: keep it short ("tb.rodata", "tb.bss"). */
    private static final String OBJECT_NAME = "tb";
    private static final long VERIFIER_LOG_SIZE = 4L << 20;

    private final MemorySegment handle;
    private final byte[] rawBtf;
    private final Btf btf;

    private KernelOpenedObject(MemorySegment handle) {
        this.handle = handle;
        this.rawBtf = ObjectBtfData.of(handle).toArray(JAVA_BYTE);
        this.btf = Btf.parse(rawBtf);
    }

    /** Opens {@code objectFile}: the user's own prebuilt object ({@code usersOwn}), or one the compiler made. */
    static KernelOpenedObject open(Path objectFile, boolean usersOwn) {
        LibbpfRuntime.ensureInitialized();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, 0, CStructs.BPF_OBJECT_OPEN_OPTS.byteSize());
            opts.set(ADDRESS, 8, arena.allocateFrom(OBJECT_NAME));
            LibbpfLog.drain();
            MemorySegment obj = Libbpf.bpf_object__open_file(arena.allocateFrom(objectFile.toString()), opts);
            if (obj.equals(MemorySegment.NULL)) throw LoadFailure.unopenable(objectFile, usersOwn, Errno.last(), LibbpfLog.drain());
            return new KernelOpenedObject(obj);
        }
    }

    @Override
    public Btf btf() {
        return btf;
    }

    @Override
    public byte[] rawBtf() {
        return rawBtf;
    }

    @Override
    public List<String> sections() {
        return GlobalData.sections(handle);
    }

    @Override
    public MemorySegment section(String section) {
        return GlobalData.initialValue(GlobalData.mapForSection(handle, section), section);
    }

    @Override
    public List<String> mapNames() {
        List<String> names = new ArrayList<>();
        for (MemorySegment m : LibbpfObjects.maps(handle)) names.add(LibbpfObjects.mapName(m));
        return names;
    }

    @Override
    public int mapType(String map) {
        return Libbpf.bpf_map__type(find(map));
    }

    @Override
    public int maxEntries(String map) {
        return Libbpf.bpf_map__max_entries(find(map));
    }

    @Override
    public void resize(String map, int entries) {
        Failures.check(Libbpf.bpf_map__set_max_entries(find(map), entries), "resizing map '" + map + "'");
    }

    private MemorySegment find(String map) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Libbpf.bpf_object__find_map_by_name(handle, arena.allocateFrom(map));
            if (m.equals(MemorySegment.NULL)) throw new BpfException("no map '" + map + "' in this object");
            return m;
        }
    }

    @Override
    public LoadedObject load(String source, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logBuffer = arena.allocate(VERIFIER_LOG_SIZE);
            for (MemorySegment p : LibbpfObjects.programs(handle)) {
                Libbpf.bpf_program__set_log_buf(p, logBuffer, VERIFIER_LOG_SIZE);
            }
            LibbpfLog.drain();
            int rc = Libbpf.bpf_object__load(handle);
            if (rc < 0) {
                BpfException failure = LoadFailure.explain(handle, -rc, logBuffer.getString(0), LibbpfLog.drain(), source);
                Libbpf.bpf_object__close(handle);   // consumed: it is freed also when load fails
                throw failure;
            }
        }
        return new KernelObject(handle);
    }

    @Override
    public void close() {
        Libbpf.bpf_object__close(handle);
    }
}
