package io.tracebook.bpf.record;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An object being opened while recording: the kernel's, and at load the recording keeps its settings and layout. */
final class RecordingOpenedObject implements OpenedObject {
    private final Recorder recorder;
    private final int index;
    private final OpenedObject kernel;
    private final List<String> sections;

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
    public LoadedObject load(String source, String name) {
        // the settings as load hands them to the kernel: read before load, which may free libbpf's copies
        byte[][] settings = new byte[sections.size()][];
        for (int i = 0; i < settings.length; i++) settings[i] = section(sections.get(i)).toArray(ValueLayout.JAVA_BYTE);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String map : mapNames()) sizes.put(map, maxEntries(map));
        LoadedObject loaded;
        try {
            loaded = kernel.load(source, name);
        } catch (BpfException e) {
            recorder.write(RecordType.LOAD_FAILED, out -> {
                out.putInt(index);
                writeSettings(out, settings, sizes);
                RecordedFailure.write(out, e);
            });
            recorder.flush();
            throw e;
        }
        recorder.write(RecordType.LOADED, out -> {
            out.putInt(index);
            out.putString(name);
            out.putInt(loaded.possibleCpus());
            writeSettings(out, settings, sizes);
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
            }
        });
        recorder.flush();
        return new RecordingObject(recorder, index, loaded);
    }

    /** What the user set before load: the sections of globals, and the maps' sizes (the kernel may change them at load). */
    private void writeSettings(RecordBuffer out, byte[][] settings, Map<String, Integer> sizes) {
        out.putInt(settings.length);
        for (int i = 0; i < settings.length; i++) {
            out.putString(sections.get(i));
            out.putBlob(settings[i]);
        }
        out.putInt(sizes.size());
        sizes.forEach((map, entries) -> {
            out.putString(map);
            out.putInt(entries);
        });
    }

    @Override
    public void close() {
        kernel.close();
    }
}
