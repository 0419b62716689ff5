package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.OpenedObject;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.FileState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** libbpf's {@code struct bpf_object} between open and load: the kernel side of {@link OpenObject}. */
final class KernelOpenedObject implements OpenedObject {
    /** libbpf prefixes internal map names with the object name: keep it short ("tb.rodata", "tb.bss"). */
    private static final String OBJECT_NAME = "tb";

    private final MemorySegment handle;
    private final Path objectFile;
    private final byte[] rawBtf;
    private final Btf btf;

    private KernelOpenedObject(MemorySegment handle, Path objectFile, OpenedBtf btf) {
        this.handle = handle;
        this.objectFile = objectFile;
        this.rawBtf = btf.raw();
        this.btf = btf.btf();
    }

    /** Opens {@code objectFile}: the user's own prebuilt object ({@code usersOwn}), or one the compiler made. */
    static KernelOpenedObject open(Path objectFile, boolean usersOwn) {
        LibbpfRuntime.ensureInitialized();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, 0, CStructs.BPF_OBJECT_OPEN_OPTS.byteSize());
            opts.set(ADDRESS, 8, arena.allocateFrom(OBJECT_NAME));
            LibbpfLog.drain();
            FileState before = FileState.of(objectFile);
            MemorySegment obj = Libbpf.bpf_object__open_file(arena.allocateFrom(objectFile.toString()), opts);
            if (obj.equals(MemorySegment.NULL)) throw LoadFailure.unopenable(objectFile, usersOwn, Errno.last(), LibbpfLog.drain());
            try {
                return new KernelOpenedObject(obj, objectFile, OpenedBtf.of(obj, before));
            } catch (RuntimeException | Error e) {
                Libbpf.bpf_object__close(obj);
                throw e;
            }
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

    @Override
    public void setValueSize(String map, int bytes) {
        Failures.check(Libbpf.bpf_map__set_value_size(find(map), bytes), "setting the value size of map '" + map + "'");
    }

    @Override
    public Map<String, String> programs() {
        return LibbpfObjects.sections(handle);
    }

    @Override
    public void setAutoload(String program, boolean load) {
        Failures.check(Libbpf.bpf_program__set_autoload(findProgram(program), load), "switching program '" + program + "' " + (load ? "on" : "off"));
    }

    @Override
    public void setAttachTarget(String program, String target) {
        try (Arena arena = Arena.ofConfined()) {
            LibbpfLog.drain();
            int rc = Libbpf.bpf_program__set_attach_target(findProgram(program), 0, arena.allocateFrom(target));
            if (rc == -Errno.ESRCH || rc == -Errno.ENOENT) {
                boolean tracepoint = ProbeKind.of(programs().get(program)) == ProbeKind.TP_BTF;
                throw new AttachException("the kernel has no " + (tracepoint ? "tracepoint " : "function ") + target
                        + " in its BTF for program '" + program + "'", target, List.of(), LibbpfLog.drain());
            }
            Failures.check(rc, "setting the attach target of program '" + program + "' to " + target);
        }
    }

    @Override
    public Path objectFile() {
        return objectFile;
    }

    private MemorySegment findProgram(String program) {
        for (MemorySegment p : LibbpfObjects.programs(handle)) {
            if (LibbpfObjects.programName(p).equals(program)) return p;
        }
        throw new BpfException("no program '" + program + "' in this object");
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
        MemorySegment logBuffer = VerifierLogBuffers.take();
        try {
            for (MemorySegment p : LibbpfObjects.programs(handle)) {
                Libbpf.bpf_program__set_log_buf(p, logBuffer, VerifierLogBuffers.SIZE);
            }
            LibbpfLog.drain();
            int rc = Libbpf.bpf_object__load(handle);
            if (rc < 0) {
                BpfException failure = LoadFailure.explain(handle, -rc, logBuffer.getString(0), LibbpfLog.drain(), source);
                Libbpf.bpf_object__close(handle);   // consumed: it is freed also when load fails
                throw failure;
            }
        } finally {
            VerifierLogBuffers.release(logBuffer);
        }
        return new KernelObject(handle);
    }

    @Override
    public void close() {
        Libbpf.bpf_object__close(handle);
    }
}
