package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.GlobalMemory;
import tech.tablesaw.api.Table;

/**
 * A global variable of a loaded object, read from (and written to) the map memory the kernel
 * shares with us: a counter in .bss reads live. .rodata is frozen at load and cannot be written.
 * In a replay, reads give what they gave when recorded, and writes change nothing.
 */
public final class Global {
    private final Lifetime lifetime;
    private final GlobalVar var;
    private final StructCodec codec;
    private final GlobalMemory memory;

    Global(Lifetime lifetime, GlobalVar var, Btf btf, GlobalMemory memory) {
        this.lifetime = lifetime;
        this.var = var;
        this.codec = StructCodec.of(btf, var.type(), var.name());
        this.memory = memory;
    }

    private static boolean isReadOnly(String section) {
        return section.startsWith(".rodata");
    }

    public String name() {
        return var.name();
    }

    /** ".bss", ".data", ".rodata", ... */
    public String section() {
        return var.section();
    }

    /** The current value: Integer/Long/Boolean/String/Double, or a Map of fields for a struct. */
    public Object get() {
        synchronized (lifetime) {
            checkOpen();
            return read();
        }
    }

    /** The memory is unmapped when the object closes: touching it then would crash the JVM. */
    private void checkOpen() {
        lifetime.checkOpen("global '" + name() + "'");
    }

    /**
     * The current value as a one-row table, a column per leaf field as events and maps decode ({@code hist[0]},
     * {@code hist[1]}, ... for an array): e.g. for {@code Hist.fromLog2Slots(global.toTable(), "hist")}.
     */
    public Table toTable() {
        synchronized (lifetime) {
            checkOpen();
            Table table = codec.newTable(name());
            codec.appendTo(table, memory.read(var.name(), var.offset(), var.size()), 0);
            return table;
        }
    }

    /** The value as a long, or {@code whenClosed} once the object is closed (for loss counters read by streams). */
    long getLongOr(long whenClosed) {
        synchronized (lifetime) {
            return lifetime.isEnded() ? whenClosed : ((Number) read()).longValue();
        }
    }

    /** The current value as a long (for integer globals). */
    public long getLong() {
        Object v = get();
        if (v instanceof Number n) return n.longValue();
        throw new BpfException("global '" + name() + "' is not an integer: " + v);
    }

    public void set(Object value) {
        if (isReadOnly(section())) {
            throw new BpfException("global '" + name() + "' is const (in " + section() + ") and was frozen at load: "
                    + "set it before load with Bpf.c(..).set(\"" + name() + "\", value)");
        }
        synchronized (lifetime) {
            checkOpen();
            codec.write(memory.writable(var.name(), var.offset(), var.size()), 0, value);
        }
    }

    private Object read() {
        return codec.read(memory.read(var.name(), var.offset(), var.size()), 0);
    }

    @Override
    public String toString() {
        return name() + " = " + get();
    }
}
