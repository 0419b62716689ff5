package io.tracebook.bpf.record;

import io.tracebook.bpf.btf.Btf;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An object after open and before load — libbpf's, or the one a recording holds — as {@code OpenObject} drives it:
 * settings are written into its sections, maps resized, then {@link #load} hands it to the verifier.
 */
public interface OpenedObject {
    Btf btf();

    /** The bytes {@link #btf()} was parsed from (a recording keeps them). */
    byte[] rawBtf();

    /** Its sections of globals (".rodata", ".data", ".bss"): those {@link #section} gives. */
    List<String> sections();

    /** The initial bytes of a section of globals (".rodata", ".data", ".bss"), which load hands to the kernel. */
    MemorySegment section(String section);

    /** The names of its maps (those holding globals too). */
    List<String> mapNames();

    /** The kernel's type number of {@code map} (present in {@link #mapNames()}). */
    int mapType(String map);

    /** Its number of entries (for a ring buffer its size in bytes). */
    int maxEntries(String map);

    /** Sets the number of entries of {@code map} (for a ring buffer its size in bytes). */
    void resize(String map, int entries);

    /** Sets the value size of {@code map} in bytes (a stack trace map's frames per stack times 8). */
    void setValueSize(String map, int bytes);

    /** Its programs by name, each with its SEC() name. */
    Map<String, String> programs();

    /** Switches {@code program} (present in {@link #programs()}) off, or on again, before load. */
    void setAutoload(String program, boolean load);

    /**
     * Sets the kernel function or tracepoint a BTF-typed {@code program} attaches to; fails with an
     * {@code AttachException} when the kernel has none of that name.
     */
    void setAttachTarget(String program, String target);

    /** The ELF file it was opened from, whose DWARF may describe structs its BTF lacks; null in a replay without that file. */
    Path objectFile();

    /**
     * Verifies and loads everything; consumes this object, also when it fails (a {@code BpfException}: a
     * {@code VerifierException} for a rejected program). {@code source} is the C it came from, for messages, {@code name}
     * the session name given to it (or null).
     */
    LoadedObject load(String source, String name);

    /** Frees it without loading. */
    void close();
}
