package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.OpenedObject;
import io.tracebook.bpf.sys.Suggestions;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * The open phase: the object is parsed but nothing is in the kernel yet. Globals ({@code const volatile}
 * ones included) and map sizes can still change; {@link #load()} hands everything to the verifier.
 */
public final class OpenObject implements AutoCloseable {
    private OpenedObject opened;
    private final String source;
    private final Btf btf;
    private String name;

    OpenObject(OpenedObject opened, String source) {
        this.opened = opened;
        this.source = source;
        this.btf = opened.btf();
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
        MemorySegment data = opened().section(var.section());
        StructCodec.of(btf, var.type(), var.name()).write(data, var.offset(), value);
        return this;
    }

    /** Sets a map's number of entries (for a ring buffer: its size in bytes, a power of two multiple of the page size). */
    public OpenObject mapSize(String map, int entries) {
        OpenedObject o = opened();
        checkMap(map);
        if (o.mapType(map) == MapType.RINGBUF.code && (Integer.bitCount(entries) != 1 || entries < 4096)) {
            throw new BpfException("ring buffer '" + map + "' size must be a power of two of at least 4096 bytes, not " + entries);
        }
        o.resize(map, entries);
        return this;
    }

    /**
     * Sets a map's value size in bytes, for maps that leave it to user space: a stack trace map holds
     * {@code bytes / 8} frames per stack (libbpf-tools' offcputime sets 127 frames: 1016 bytes).
     */
    public OpenObject mapValueSize(String map, int bytes) {
        checkMap(map);
        opened().setValueSize(map, bytes);
        return this;
    }

    /**
     * Switches a program off ({@code false}) or on again before load: libbpf neither verifies nor loads a
     * program switched off, and {@link BpfObject#attach()} leaves it alone. Real-world objects ship twins
     * (fentry + kprobe, tp_btf + raw_tp) and keep the one the kernel can run, as libbpf's
     * {@code bpf_program__set_autoload} does for them in C.
     */
    public OpenObject autoload(String program, boolean load) {
        checkProgram(program);
        opened().setAutoload(program, load);
        return this;
    }

    /**
     * Attaches a BTF-typed program (fentry/fexit, tp_btf, ...) to kernel function or tracepoint {@code target}
     * instead of the one its SEC() name gives, as libbpf's {@code bpf_program__set_attach_target} does; e.g.
     * {@code "__blk_account_io_start"} where a kernel renamed {@code blk_account_io_start}.
     */
    public OpenObject attachTarget(String program, String target) {
        String section = checkProgram(program);
        ProbeKind kind = ProbeKind.of(section);
        if (kind != ProbeKind.FENTRY && kind != ProbeKind.TP_BTF) {
            throw new BpfException("program '" + program + "' is SEC(\"" + section + "\"): only BTF-typed programs "
                    + "(fentry/fexit/fmod_ret/lsm, tp_btf) take an attach target before load; give a "
                    + kind.name().toLowerCase() + " program its target when attaching");
        }
        opened().setAttachTarget(program, target);
        return this;
    }

    /** The object's programs by name, each with its SEC() name: what {@link #autoload} and {@link #attachTarget} take. */
    public Map<String, String> programs() {
        return opened().programs();
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
        OpenedObject o = opened();
        opened = null;
        boolean[] handedOver = {false};
        try {
            return Session.load(name, () -> {
                handedOver[0] = true;
                LoadedObject loaded = o.load(source, name);
                try {
                    return new BpfObject(loaded, btf, name, source, o.objectFile());
                } catch (RuntimeException | Error e) {
                    loaded.close();
                    throw e;
                }
            });
        } catch (RuntimeException | Error e) {
            if (!handedOver[0]) o.close();   // never got to load: nothing else frees it
            throw e;
        }
    }

    @Override
    public void close() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }

    private OpenedObject opened() {
        if (opened == null) throw new BpfException("this object was already loaded or closed");
        return opened;
    }

    private void checkMap(String map) {
        List<String> names = opened().mapNames();
        if (!names.contains(map)) throw new BpfException("no map '" + map + "' in this object" + Suggestions.didYouMean(Suggestions.nearest(map, names, 3)));
    }

    /** The SEC() name of {@code program}, which must be one of the object's. */
    private String checkProgram(String program) {
        Map<String, String> programs = programs();
        String section = programs.get(program);
        if (section != null) return section;
        List<String> names = List.copyOf(programs.keySet());
        throw new BpfException("no program '" + program + "' in this object" + Suggestions.didYouMean(Suggestions.nearest(program, names, 3))
                + " (programs: " + String.join(", ", names) + ")");
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
        if (opened == null) return label + ": loaded or closed";
        List<String> programs = List.copyOf(opened.programs().keySet());
        // libbpf's own maps for globals (".rodata", ".bss", ...) have a dot in their names; a C map cannot.
        List<String> maps = opened.mapNames().stream().filter(map -> !map.contains(".")).toList();
        List<String> globals = globals();
        return label + ": opened, not loaded; programs " + String.join(", ", programs)
                + (maps.isEmpty() ? "" : "; maps " + String.join(", ", maps))
                + (globals.isEmpty() ? "" : "; globals " + String.join(", ", globals)) + "; load() loads it";
    }
}
