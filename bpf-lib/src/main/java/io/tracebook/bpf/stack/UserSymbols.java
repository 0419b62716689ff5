package io.tracebook.bpf.stack;

import io.tracebook.bpf.record.Backends;
import java.util.function.LongFunction;

/**
 * User-space addresses of one process to function names, from its memory map and the ELF symbols of the files
 * mapped. The map is read when this is made, so make it while the process runs. A recording keeps the names it
 * gave; a replay gives them back (the process is long gone, and may have run on another machine).
 */
public final class UserSymbols {
    private final long pid;
    private final LongFunction<String> names;
    private final String source;

    private UserSymbols(long pid, LongFunction<String> names, String source) {
        this.pid = pid;
        this.names = names;
        this.source = source;
    }

    /** Reads the process's memory map now; fails, saying so, when the process has exited. */
    public static UserSymbols of(long pid) {
        ProcessMaps[] read = new ProcessMaps[1];   // stays empty in a replay, which reads no map
        LongFunction<String> names = Backends.current().symbols("pid " + pid, () -> (read[0] = ProcessMaps.of(pid))::name);
        return new UserSymbols(pid, names, read[0] == null ? "names from a recording" : read[0].toString());
    }

    /** The function containing {@code address}, else {@code [file]}, else the address in hex. */
    public String name(long address) {
        return names.apply(address);
    }

    /** "UserSymbols of process 1234: 12 executable mappings (java, libc.so.6, ...)". */
    @Override
    public String toString() {
        return "UserSymbols of process " + pid + ": " + source;
    }
}
