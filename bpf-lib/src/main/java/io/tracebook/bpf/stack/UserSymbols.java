package io.tracebook.bpf.stack;

import io.tracebook.bpf.record.Backends;
import java.util.function.LongFunction;

/**
 * User-space addresses of one process to function names, from its memory map and the ELF symbols of the files
 * mapped. The map is read when this is made, so make it while the process runs. A recording keeps the names it
 * gave; a replay gives them back (the process is long gone, and may have run on another machine).
 */
public final class UserSymbols {
    private final LongFunction<String> names;

    private UserSymbols(LongFunction<String> names) {
        this.names = names;
    }

    /** Reads the process's memory map now; fails, saying so, when the process has exited. */
    public static UserSymbols of(long pid) {
        return new UserSymbols(Backends.current().symbols("pid " + pid, () -> ProcessMaps.of(pid)::name));
    }

    /** The function containing {@code address}, else {@code [file]}, else the address in hex. */
    public String name(long address) {
        return names.apply(address);
    }
}
