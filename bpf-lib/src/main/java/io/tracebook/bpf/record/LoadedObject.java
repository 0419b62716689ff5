package io.tracebook.bpf.record;

import io.tracebook.bpf.transport.EventSource;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A loaded object as the lifecycle drives it — the kernel's, a recording of it, or a replay — in raw terms: its
 * programs and maps, raw access to each, its globals' memory, event sources. {@code BpfObject} and its parts add
 * the Java side (BTF codecs, checks, messages) the same way whichever this is.
 */
public interface LoadedObject {
    List<ProgramSpec> programs();

    List<MapSpec> maps();

    /** The CPUs a per-CPU map holds a value for. */
    int possibleCpus();

    ProgramAccess program(String name);

    MapAccess map(String name);

    /** The memory of a section of globals (".bss", ".data", ".rodata"). */
    GlobalMemory globals(String section);

    /**
     * The reader of event map {@code map} (a ring buffer or perf buffer), whose events are BTF type {@code eventType};
     * {@code perfFullDrops} gives the drops tracebook.h counted on a full perf buffer (-1 without tracebook.h).
     */
    EventSource events(MapSpec map, int eventType, LongSupplier perfFullDrops);

    /** Detaches nothing (the lifecycle has done that) and frees the object: maps, programs, mapped memory. */
    void close();
}
