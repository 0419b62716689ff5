package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStrings;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import io.tracebook.bpf.ffi.ObjectBtfData;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.Suggestions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The open phase: the object is parsed but nothing is in the kernel yet. Globals ({@code const volatile}
 * ones included) and map sizes can still change; {@link #load()} hands everything to the verifier.
 */
public final class OpenObject implements AutoCloseable {
    /** libbpf prefixes internal map names with the object name: keep it short ("tb.rodata", "tb.bss"). */
    private static final String OBJECT_NAME = "tb";
    private static final long VERIFIER_LOG_SIZE = 4L << 20;

    private MemorySegment handle;
    private final String source;
    private final Path objectFile;
    private final Btf btf;
    private String name;
    /** Set once a BpfObject owns the libbpf object, which then closes it. */
    private boolean loaded;

    private OpenObject(MemorySegment handle, String source, Path objectFile) {
        this.handle = handle;
        this.source = source;
        this.objectFile = objectFile;
        this.btf = Btf.parse(ObjectBtfData.of(handle));
    }

    static OpenObject open(Path objectFile, String source) {
        LibbpfRuntime.ensureInitialized();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, 0, CStructs.BPF_OBJECT_OPEN_OPTS.byteSize());
            opts.set(ADDRESS, 8, arena.allocateFrom(OBJECT_NAME));
            LibbpfLog.drain();
            MemorySegment obj = Libbpf.bpf_object__open_file(arena.allocateFrom(objectFile.toString()), opts);
            if (obj.equals(MemorySegment.NULL)) {
                int errno = Errno.last();
                throw LoadFailure.unopenable(objectFile, source == null, errno, LibbpfLog.drain());
            }
            return new OpenObject(obj, source, objectFile);
        }
    }

    /**
     * Binds the object to a session name: loading it closes whatever object held that name before,
     * so re-running a cell replaces its probes instead of adding to them.
     */
    public OpenObject name(String name) {
        this.name = name;
        return this;
    }

    /** Sets a global before load: {@code const volatile} (.rodata) ones included. Numbers, booleans, strings, Maps for structs. */
    public OpenObject set(String global, Object value) {
        GlobalVar var = btf.global(global).orElseThrow(() -> noSuchGlobal(global));
        MemorySegment data = initialValue(var.section());
        StructCodec.of(btf, var.type(), var.name()).write(data, var.offset(), value);
        return this;
    }

    /** Sets a map's number of entries (for a ring buffer: its size in bytes, a power of two multiple of the page size). */
    public OpenObject mapSize(String map, int entries) {
        MemorySegment m = findMap(map);
        if (Libbpf.bpf_map__type(m) == MapType.RINGBUF.code && (Integer.bitCount(entries) != 1 || entries < 4096)) {
            throw new BpfException("ring buffer '" + map + "' size must be a power of two of at least 4096 bytes, not " + entries);
        }
        int rc = Libbpf.bpf_map__set_max_entries(m, entries);
        Failures.check(rc, "resizing map '" + map + "'");
        return this;
    }

    /**
     * Sets a map's value size in bytes, for maps that leave it to user space: a stack trace map holds
     * {@code bytes / 8} frames per stack (libbpf-tools' offcputime sets 127 frames: 1016 bytes).
     */
    public OpenObject mapValueSize(String map, int bytes) {
        int rc = Libbpf.bpf_map__set_value_size(findMap(map), bytes);
        Failures.check(rc, "setting the value size of map '" + map + "'");
        return this;
    }

    /**
     * Switches a program off ({@code false}) or on again before load: libbpf neither verifies nor loads a
     * program switched off, and {@link BpfObject#attach()} leaves it alone. Real-world objects ship twins
     * (fentry + kprobe, tp_btf + raw_tp) and keep the one the kernel can run, as libbpf's
     * {@code bpf_program__set_autoload} does for them in C.
     */
    public OpenObject autoload(String program, boolean load) {
        int rc = Libbpf.bpf_program__set_autoload(findProgram(program), load);
        Failures.check(rc, "switching program '" + program + "' " + (load ? "on" : "off"));
        return this;
    }

    /**
     * Attaches a BTF-typed program (fentry/fexit, tp_btf, ...) to kernel function or tracepoint {@code target}
     * instead of the one its SEC() name gives, as libbpf's {@code bpf_program__set_attach_target} does; e.g.
     * {@code "__blk_account_io_start"} where a kernel renamed {@code blk_account_io_start}.
     */
    public OpenObject attachTarget(String program, String target) {
        MemorySegment p = findProgram(program);
        String section = CStrings.read(Libbpf.bpf_program__section_name(p));
        ProbeKind kind = ProbeKind.of(section);
        if (kind != ProbeKind.FENTRY && kind != ProbeKind.TP_BTF) {
            throw new BpfException("program '" + program + "' is SEC(\"" + section + "\"): only BTF-typed programs "
                    + "(fentry/fexit/fmod_ret/lsm, tp_btf) take an attach target before load; give a "
                    + kind.name().toLowerCase() + " program its target when attaching");
        }
        try (Arena arena = Arena.ofConfined()) {
            LibbpfLog.drain();
            int rc = Libbpf.bpf_program__set_attach_target(p, 0, arena.allocateFrom(target));
            if (rc == -Errno.ESRCH || rc == -Errno.ENOENT) {
                throw new AttachException("the kernel has no " + (kind == ProbeKind.TP_BTF ? "tracepoint " : "function ") + target
                        + " in its BTF for program '" + program + "'", target, List.of(), LibbpfLog.drain());
            }
            Failures.check(rc, "setting the attach target of program '" + program + "' to " + target);
        }
        return this;
    }

    /** The object's programs by name, each with its SEC() name: what {@link #autoload} and {@link #attachTarget} take. */
    public Map<String, String> programs() {
        return LibbpfObjects.sections(handle());
    }

    /** Names of the globals that {@link #set} accepts. */
    public List<String> globals() {
        return GlobalData.userGlobalNames(btf);
    }

    /**
     * Verifies and loads every program and creates every map. The open object is consumed. Under a
     * {@link #name(String)}, the object that held the name is closed first, and loads of one name never overlap.
     */
    public BpfObject load() {
        MemorySegment obj = take();
        try {
            return Session.load(name, () -> load(obj));
        } catch (RuntimeException | Error e) {
            if (!loaded) Libbpf.bpf_object__close(obj);
            throw e;
        }
    }

    private BpfObject load(MemorySegment obj) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logBuffer = arena.allocate(VERIFIER_LOG_SIZE);
            for (MemorySegment p : LibbpfObjects.programs(obj)) {
                Libbpf.bpf_program__set_log_buf(p, logBuffer, VERIFIER_LOG_SIZE);
            }
            LibbpfLog.drain();
            int rc = Libbpf.bpf_object__load(obj);
            if (rc < 0) throw LoadFailure.explain(obj, -rc, logBuffer.getString(0), LibbpfLog.drain(), source);
        }
        BpfObject object = new BpfObject(obj, btf, name, source, objectFile);
        loaded = true;
        return object;
    }

    private MemorySegment take() {
        if (handle == null) throw new BpfException("this object was already loaded or closed");
        MemorySegment obj = handle;
        handle = null;
        return obj;
    }

    @Override
    public void close() {
        if (handle != null) {
            Libbpf.bpf_object__close(handle);
            handle = null;
        }
    }

    private MemorySegment findMap(String map) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Libbpf.bpf_object__find_map_by_name(handle(), arena.allocateFrom(map));
            if (m.equals(MemorySegment.NULL)) {
                List<String> near = Suggestions.nearest(map, mapNames(), 3);
                throw new BpfException("no map '" + map + "' in this object" + Suggestions.didYouMean(near));
            }
            return m;
        }
    }

    private MemorySegment findProgram(String program) {
        for (MemorySegment p : LibbpfObjects.programs(handle())) {
            if (LibbpfObjects.programName(p).equals(program)) return p;
        }
        List<String> names = List.copyOf(programs().keySet());
        throw new BpfException("no program '" + program + "' in this object" + Suggestions.didYouMean(Suggestions.nearest(program, names, 3))
                + " (programs: " + String.join(", ", names) + ")");
    }

    private List<String> mapNames() {
        List<String> names = new ArrayList<>();
        for (MemorySegment m : LibbpfObjects.maps(handle())) {
            names.add(LibbpfObjects.mapName(m));
        }
        return names;
    }

    private MemorySegment initialValue(String section) {
        MemorySegment m = GlobalData.mapForSection(handle(), section);
        return GlobalData.initialValue(m, section);
    }

    private MemorySegment handle() {
        if (handle == null) throw new BpfException("this object was already loaded or closed");
        return handle;
    }

    private BpfException noSuchGlobal(String global) {
        List<String> near = Suggestions.nearest(global, globals(), 3);
        return new BpfException("no global variable '" + global + "' in this program" + Suggestions.didYouMean(near)
                + (globals().isEmpty() ? " (declare one, e.g. 'const volatile u32 " + global + " = 0;')" : ""));
    }

    /** "OpenObject 'opensnoop': opened, not loaded; programs on_open; maps events; globals skip_pid; load() loads it". */
    @Override
    public String toString() {
        String label = "OpenObject" + (name == null ? "" : " '" + name + "'");
        if (handle == null) return label + ": loaded or closed";
        List<String> programs = new ArrayList<>();
        for (MemorySegment p : LibbpfObjects.programs(handle)) programs.add(LibbpfObjects.programName(p));
        List<String> maps = mapNames().stream().filter(map -> !map.startsWith(OBJECT_NAME + ".")).toList();
        List<String> globals = globals();
        return label + ": opened, not loaded; programs " + String.join(", ", programs)
                + (maps.isEmpty() ? "" : "; maps " + String.join(", ", maps))
                + (globals.isEmpty() ? "" : "; globals " + String.join(", ", globals)) + "; load() loads it";
    }
}
