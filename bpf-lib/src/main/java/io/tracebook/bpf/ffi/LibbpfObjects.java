package io.tracebook.bpf.ffi;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The programs and maps of a libbpf {@code struct bpf_object}, in libbpf's order (the walk written once). */
public final class LibbpfObjects {
    private LibbpfObjects() {
    }

    /** Every {@code struct bpf_program *} of {@code obj}. */
    public static List<MemorySegment> programs(MemorySegment obj) {
        List<MemorySegment> programs = new ArrayList<>();
        for (MemorySegment p = Libbpf.bpf_object__next_program(obj, MemorySegment.NULL); !p.equals(MemorySegment.NULL);
             p = Libbpf.bpf_object__next_program(obj, p)) {
            programs.add(p);
        }
        return programs;
    }

    /** Every {@code struct bpf_map *} of {@code obj}, the internal ones holding globals included. */
    public static List<MemorySegment> maps(MemorySegment obj) {
        List<MemorySegment> maps = new ArrayList<>();
        for (MemorySegment m = Libbpf.bpf_object__next_map(obj, MemorySegment.NULL); !m.equals(MemorySegment.NULL);
             m = Libbpf.bpf_object__next_map(obj, m)) {
            maps.add(m);
        }
        return maps;
    }

    /** Every program's SEC() name by program name, in libbpf's order. */
    public static Map<String, String> sections(MemorySegment obj) {
        Map<String, String> sections = new LinkedHashMap<>();
        for (MemorySegment p : programs(obj)) sections.put(programName(p), CStrings.read(Libbpf.bpf_program__section_name(p)));
        return sections;
    }

    /** The program's name ({@code bpf_program__name}). */
    public static String programName(MemorySegment program) {
        return CStrings.read(Libbpf.bpf_program__name(program));
    }

    /** The map's name ({@code bpf_map__name}). */
    public static String mapName(MemorySegment map) {
        return CStrings.read(Libbpf.bpf_map__name(map));
    }
}
