package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.table.RowDecoder;
import java.lang.foreign.MemorySegment;

/**
 * A global variable of a loaded object, read from (and written to) the map memory the kernel
 * shares with us: a counter in .bss reads live. .rodata is frozen at load and cannot be written.
 */
public final class Global {
    private final BpfObject owner;
    private final GlobalVar var;
    private final RowDecoder codec;
    private final MemorySegment data;

    Global(BpfObject owner, GlobalVar var, Btf btf, MemorySegment data) {
        this.owner = owner;
        this.var = var;
        this.codec = RowDecoder.of(btf, var.type(), var.name());
        this.data = isReadOnly(var.section()) ? data.asReadOnly() : data;
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
        synchronized (owner) {
            checkOpen();
            return codec.read(data, var.offset());
        }
    }

    /** The memory is unmapped when the object closes: touching it then would crash the JVM. */
    private void checkOpen() {
        if (owner.isClosed()) throw new BpfException("global '" + name() + "' belongs to a closed object");
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
        synchronized (owner) {
            checkOpen();
            codec.write(data, var.offset(), value);
        }
    }

    @Override
    public String toString() {
        return name() + " = " + get();
    }
}
