package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.ffi.Mmap;
import io.tracebook.bpf.record.GlobalMemory;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.MapAccess;
import io.tracebook.bpf.record.MapSpec;
import io.tracebook.bpf.record.ProgramAccess;
import io.tracebook.bpf.record.ProgramSpec;
import io.tracebook.bpf.transport.EventSource;
import io.tracebook.bpf.transport.PerfBufferSource;
import io.tracebook.bpf.transport.RingBufferSource;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A loaded libbpf {@code struct bpf_object}: the kernel side of {@link BpfObject}. */
final class KernelObject implements LoadedObject {
    private final MemorySegment handle;
    private final Map<String, MemorySegment> programs = new LinkedHashMap<>();
    private final Map<String, MemorySegment> maps = new LinkedHashMap<>();
    private final List<ProgramSpec> programSpecs = new ArrayList<>();
    private final List<MapSpec> mapSpecs = new ArrayList<>();
    private final int possibleCpus = Libbpf.libbpf_num_possible_cpus();
    private final List<MemorySegment> mapped = new ArrayList<>();

    KernelObject(MemorySegment handle) {
        this.handle = handle;
        for (MemorySegment p : LibbpfObjects.programs(handle)) {
            ProgramSpec spec = KernelProgram.spec(p);
            programs.put(spec.name(), p);
            programSpecs.add(spec);
        }
        for (MemorySegment m : LibbpfObjects.maps(handle)) {
            MapSpec spec = new MapSpec(LibbpfObjects.mapName(m), Libbpf.bpf_map__type(m), Libbpf.bpf_map__key_size(m),
                    Libbpf.bpf_map__value_size(m), Libbpf.bpf_map__max_entries(m), Libbpf.bpf_map__btf_key_type_id(m),
                    Libbpf.bpf_map__btf_value_type_id(m));
            maps.put(spec.name(), m);
            mapSpecs.add(spec);
        }
    }

    @Override
    public List<ProgramSpec> programs() {
        return programSpecs;
    }

    @Override
    public List<MapSpec> maps() {
        return mapSpecs;
    }

    @Override
    public int possibleCpus() {
        return possibleCpus;
    }

    @Override
    public ProgramAccess program(String name) {
        return new KernelProgram(name, programs.get(name));
    }

    @Override
    public MapAccess map(String name) {
        MapSpec spec = mapSpecs.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        return new KernelMap(spec, Libbpf.bpf_map__fd(maps.get(name)), possibleCpus);
    }

    /** The section's memory, mapped shared once: reads see what the programs write. */
    @Override
    public synchronized GlobalMemory globals(String section) {
        MemorySegment memory = GlobalData.mapLive(GlobalData.mapForSection(handle, section), section);
        mapped.add(memory);
        MemorySegment data = section.startsWith(".rodata") ? memory.asReadOnly() : memory;
        return new GlobalMemory() {
            @Override
            public MemorySegment read(String name, long offset, long size) {
                return data.asSlice(offset, size);
            }

            @Override
            public MemorySegment writable(String name, long offset, long size) {
                return data.asSlice(offset, size);
            }
        };
    }

    @Override
    public EventSource events(MapSpec map, int eventType, LongSupplier perfFullDrops) {
        int fd = Libbpf.bpf_map__fd(maps.get(map.name()));
        return switch (MapType.of(map.type())) {
            case RINGBUF -> new RingBufferSource(fd, map.maxEntries());
            case PERF_EVENT_ARRAY -> new PerfBufferSource(fd, EventStreams.perfPagesPerCpu(possibleCpus, Mmap.pageSize()), perfFullDrops);
            default -> throw new BpfException("map '" + map.name() + "' is not an event channel");
        };
    }

    @Override
    public synchronized void close() {
        mapped.forEach(Mmap::unmap);
        mapped.clear();
        Libbpf.bpf_object__close(handle);
    }
}
