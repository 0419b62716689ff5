package io.tracebook.bpf.record;

import io.tracebook.bpf.transport.EventSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** A loaded object while recording: the kernel's, with every read of it kept. */
final class RecordingObject implements LoadedObject {
    private final Recorder recorder;
    private final int index;
    private final LoadedObject kernel;
    /** Reads of each stream so far: a stream closed and opened again goes on counting. */
    private final Map<String, AtomicInteger> streamReads = new ConcurrentHashMap<>();

    RecordingObject(Recorder recorder, int index, LoadedObject kernel) {
        this.recorder = recorder;
        this.index = index;
        this.kernel = kernel;
    }

    @Override
    public List<ProgramSpec> programs() {
        return kernel.programs();
    }

    @Override
    public List<MapSpec> maps() {
        return kernel.maps();
    }

    @Override
    public int possibleCpus() {
        return kernel.possibleCpus();
    }

    @Override
    public ProgramAccess program(String name) {
        return new RecordingProgram(recorder, index, name, kernel.program(name));
    }

    @Override
    public MapAccess map(String name) {
        MapSpec spec = maps().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        return new RecordingMap(recorder, index, spec, kernel.map(name));
    }

    @Override
    public GlobalMemory globals(String section) {
        return new RecordingGlobals(recorder, index, kernel.globals(section));
    }

    @Override
    public EventSource events(MapSpec map, int eventType, LongSupplier perfFullDrops) {
        EventSource source = kernel.events(map, eventType, perfFullDrops);
        recorder.write(RecordType.STREAM_OPENED, out -> {
            out.putInt(index);
            out.putString(map.name());
            out.putInt(eventType);
        });
        return new TeeSource(recorder, index, map.name(), source, streamReads.computeIfAbsent(map.name(), m -> new AtomicInteger()));
    }

    @Override
    public void close() {
        kernel.close();
        recorder.write(RecordType.CLOSED, out -> out.putInt(index));
        recorder.flush();
    }
}
