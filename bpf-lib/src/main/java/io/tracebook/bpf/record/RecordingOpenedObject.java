package io.tracebook.bpf.record;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An object being opened while recording: the kernel's, and at load the recording keeps its settings and layout. */
final class RecordingOpenedObject implements OpenedObject {
    private final Recorder recorder;
    private final int index;
    private final OpenedObject kernel;
    private final List<String> sections;
    /** What the session set beyond the sections and sizes, which are read back at load. */
    private final ObjectSettings set = new ObjectSettings();

    RecordingOpenedObject(Recorder recorder, int index, OpenedObject kernel, List<String> sections) {
        this.recorder = recorder;
        this.index = index;
        this.kernel = kernel;
        this.sections = sections;
    }

    @Override
    public Btf btf() {
        return kernel.btf();
    }

    @Override
    public byte[] rawBtf() {
        return kernel.rawBtf();
    }

    @Override
    public List<String> sections() {
        return sections;
    }

    @Override
    public MemorySegment section(String section) {
        return kernel.section(section);
    }

    @Override
    public List<String> mapNames() {
        return kernel.mapNames();
    }

    @Override
    public int mapType(String map) {
        return kernel.mapType(map);
    }

    @Override
    public int maxEntries(String map) {
        return kernel.maxEntries(map);
    }

    @Override
    public void resize(String map, int entries) {
        kernel.resize(map, entries);
    }

    @Override
    public void setValueSize(String map, int bytes) {
        kernel.setValueSize(map, bytes);
        set.valueSizes.put(map, bytes);
    }

    @Override
    public Map<String, String> programs() {
        return kernel.programs();
    }

    @Override
    public void setAutoload(String program, boolean load) {
        kernel.setAutoload(program, load);
        set.autoload.put(program, load);
    }

    @Override
    public void setAttachTarget(String program, String target) {
        kernel.setAttachTarget(program, target);
        set.attachTargets.put(program, target);
    }

    @Override
    public Path objectFile() {
        return kernel.objectFile();
    }

    @Override
    public LoadedObject load(String source, String name) {
        // the settings as load hands them to the kernel: read before load, which may free libbpf's copies
        ObjectSettings settings = new ObjectSettings();
        for (String section : sections) settings.sections.put(section, section(section).toArray(ValueLayout.JAVA_BYTE));
        for (String map : mapNames()) settings.sizes.put(map, maxEntries(map));
        settings.valueSizes.putAll(set.valueSizes);
        settings.autoload.putAll(set.autoload);
        settings.attachTargets.putAll(set.attachTargets);
        LoadedObject loaded;
        try {
            loaded = kernel.load(source, name);
        } catch (BpfException e) {
            recorder.write(RecordType.LOAD_FAILED, out -> {
                out.putInt(index);
                settings.write(out);
                RecordedFailure.write(out, e);
            });
            recorder.flush();
            throw e;
        }
        recorder.write(RecordType.LOADED, out -> {
            out.putInt(index);
            out.putString(name);
            out.putInt(loaded.possibleCpus());
            settings.write(out);
            out.putInt(loaded.maps().size());
            for (MapSpec m : loaded.maps()) {
                out.putString(m.name());
                out.putInt(m.type());
                out.putInt(m.keySize());
                out.putInt(m.valueSize());
                out.putInt(m.maxEntries());
                out.putInt(m.btfKeyType());
                out.putInt(m.btfValueType());
            }
            out.putInt(loaded.programs().size());
            for (ProgramSpec p : loaded.programs()) {
                out.putString(p.name());
                out.putString(p.section());
                out.putByte(p.loaded() ? 1 : 0);
            }
        });
        recorder.flush();
        return new RecordingObject(recorder, index, loaded);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
