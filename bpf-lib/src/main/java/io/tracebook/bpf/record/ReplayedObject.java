package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.transport.EventSource;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** A loaded object in a replay: everything read of it comes from the recorded object. */
final class ReplayedObject implements LoadedObject {
    /** The kernel's number for BPF_MAP_TYPE_RINGBUF; every other event map is a perf event array. */
    private static final int RINGBUF = 27;

    private final Replayer replayer;
    private final Tape.TapeObject recorded;
    private final Map<String, AtomicInteger> streamReads = new ConcurrentHashMap<>();
    private final Map<String, ReadChannel<ProgramAccess.Stats>> stats = new ConcurrentHashMap<>();
    private final Map<String, ReadChannel<Integer>> runs = new ConcurrentHashMap<>();
    private final Map<String, ReadChannel<Tape.MapRead>> mapReads = new ConcurrentHashMap<>();
    private final Map<String, ReadChannel<byte[]>> globalReads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attaches = new ConcurrentHashMap<>();

    ReplayedObject(Replayer replayer, Tape.TapeObject recorded) {
        this.replayer = replayer;
        this.recorded = recorded;
    }

    @Override
    public List<ProgramSpec> programs() {
        return recorded.programs;
    }

    @Override
    public List<MapSpec> maps() {
        return recorded.maps;
    }

    @Override
    public int possibleCpus() {
        return recorded.possibleCpus;
    }

    @Override
    public ProgramAccess program(String name) {
        return new ReplayedProgram(replayer, name, recorded.attaches.getOrDefault(name, List.of()),
                attaches.computeIfAbsent(name, p -> new AtomicInteger()),
                stats.computeIfAbsent(name, p -> new ReadChannel<>(replayer, recorded.stats.get(p))),
                runs.computeIfAbsent(name, p -> new ReadChannel<>(replayer, recorded.runs.get(p))));
    }

    @Override
    public MapAccess map(String name) {
        MapSpec spec = maps().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        return new ReplayedMap(spec, mapReads.computeIfAbsent(name, m -> new ReadChannel<>(replayer, recorded.mapReads.get(m))));
    }

    @Override
    public GlobalMemory globals(String section) {
        return new GlobalMemory() {
            @Override
            public MemorySegment read(String name, long offset, long size) {
                byte[] bytes = globalReads.computeIfAbsent(name, g -> new ReadChannel<>(replayer, recorded.globalReads.get(g)))
                        .next(b -> b.length == size, () -> "read of global '" + name + "'");
                return MemorySegment.ofArray(bytes);
            }

            @Override
            public MemorySegment writable(String name, long offset, long size) {
                return MemorySegment.ofArray(new byte[(int) size]);
            }
        };
    }

    @Override
    public EventSource events(MapSpec map, int eventType, LongSupplier perfFullDrops) {
        return new ReplaySource(replayer, recorded.streams.getOrDefault(map.name(), Map.of()), map, map.type() == RINGBUF,
                streamReads.computeIfAbsent(map.name(), m -> new AtomicInteger()));
    }

    @Override
    public void close() {
    }

    static BpfException noDescriptor(String what) {
        return new BpfException(what + " is replayed from a recording: there is no kernel object, so no file descriptor");
    }
}
