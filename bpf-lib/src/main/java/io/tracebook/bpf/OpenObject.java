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
        if (!o.mapNames().contains(map)) {
            List<String> near = Suggestions.nearest(map, o.mapNames(), 3);
            throw new BpfException("no map '" + map + "' in this object" + Suggestions.didYouMean(near));
        }
        if (o.mapType(map) == MapType.RINGBUF.code && (Integer.bitCount(entries) != 1 || entries < 4096)) {
            throw new BpfException("ring buffer '" + map + "' size must be a power of two of at least 4096 bytes, not " + entries);
        }
        o.resize(map, entries);
        return this;
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
                    return new BpfObject(loaded, btf, name, source);
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

    private BpfException noSuchGlobal(String global) {
        List<String> near = Suggestions.nearest(global, globals(), 3);
        return new BpfException("no global variable '" + global + "' in this program" + Suggestions.didYouMean(near)
                + (globals().isEmpty() ? " (declare one, e.g. 'const volatile u32 " + global + " = 0;')" : ""));
    }
}
