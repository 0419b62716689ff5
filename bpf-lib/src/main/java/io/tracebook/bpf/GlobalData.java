package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.Mmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** The internal maps that hold a program's globals (.rodata, .data, .bss) and their memory. */
final class GlobalData {
    private GlobalData() {
    }

    /** libbpf names them "<object prefix>.rodata" etc. */
    static MemorySegment mapForSection(MemorySegment obj, String section) {
        for (MemorySegment m : LibbpfObjects.maps(obj)) {
            String name = LibbpfObjects.mapName(m);
            if (name.endsWith(section)) return m;
        }
        throw new BpfException("no map holds section " + section + " of this object");
    }

    /** The sections of globals the object has: its internal maps' names without the object name ("tb.rodata" → ".rodata"). */
    static List<String> sections(MemorySegment obj) {
        List<String> sections = new ArrayList<>();
        for (MemorySegment m : LibbpfObjects.maps(obj)) {
            String name = LibbpfObjects.mapName(m);
            int dot = name.indexOf('.');
            if (dot >= 0) sections.add(name.substring(dot));
        }
        return sections;
    }

    /** Before load: libbpf's copy of the section, which load hands to the kernel. */
    static MemorySegment initialValue(MemorySegment map, String section) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = Libbpf.bpf_map__initial_value(map, size);
            if (data.equals(MemorySegment.NULL)) throw new BpfException("section " + section + " has no accessible memory");
            return data.reinterpret(size.get(JAVA_LONG, 0));
        }
    }

    /**
     * The globals a user declared (in .rodata, .data and .bss): without the prelude's counters, the compiler's type
     * anchors, and the variables of other sections, which are no globals one sets (maps in .maps, the license).
     */
    static List<String> userGlobalNames(Btf btf) {
        return btf.globals().stream()
                .filter(v -> isData(v.section()) && !v.name().startsWith("tracebook_"))
                .map(GlobalVar::name).toList();
    }

    private static boolean isData(String section) {
        return section.startsWith(".rodata") || section.startsWith(".data") || section.startsWith(".bss");
    }

    /**
     * After load: the kernel's map memory, mapped shared (libbpf 1.1 remaps it only for skeletons), so
     * reads see what the programs write. .rodata is frozen, so it is mapped read-only.
     */
    static MemorySegment mapLive(MemorySegment map, String section) {
        long size = Integer.toUnsignedLong(Libbpf.bpf_map__value_size(map));
        int protection = section.startsWith(".rodata") ? Mmap.PROT_READ : Mmap.PROT_READ | Mmap.PROT_WRITE;
        MemorySegment mapping = Mmap.map(Libbpf.bpf_map__fd(map), Mmap.roundUpToPages(size), protection, 0);
        if (mapping == null) {
            throw new BpfException("cannot map the memory of " + section + " (" + Errno.name(Errno.last())
                    + "): this kernel does not allow mmap of global data maps");
        }
        return mapping;
    }
}
