package io.tracebook.bpf.record;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.RecordingException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An object being opened in a replay: the recorded object's BTF, sections and maps, in memory Java owns. Settings
 * go into copies of the recorded sections; at load they pick, among the recorded objects with this C, the one
 * loaded with the same settings, or fail saying which setting differs.
 */
final class ReplayedOpenedObject implements OpenedObject {
    private final Replayer replayer;
    private final List<Tape.TapeObject> candidates;
    private final Tape.TapeObject first;
    private final Btf btf;
    private final Map<String, MemorySegment> sections = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    /** What the session set here beyond sections and sizes. */
    private final ObjectSettings set = new ObjectSettings();

    ReplayedOpenedObject(Replayer replayer, List<Tape.TapeObject> candidates) {
        this.replayer = replayer;
        this.candidates = candidates;
        this.first = candidates.getFirst();
        try {
            this.btf = Btf.parse(first.btf);
        } catch (BpfException e) {
            throw new RecordingException(replayer.tape().file, "the recording " + replayer.tape().file + " is corrupt: the BTF of its object "
                    + (first.index + 1) + " cannot be read (" + e.getMessage() + "); record it again", "", e);
        }
        first.initialSections.forEach((name, bytes) -> sections.put(name, MemorySegment.ofArray(bytes.clone())));
        first.openMaps.forEach((name, typeAndSize) -> sizes.put(name, typeAndSize[1]));
    }

    @Override
    public Btf btf() {
        return btf;
    }

    @Override
    public byte[] rawBtf() {
        return first.btf;
    }

    @Override
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    @Override
    public MemorySegment section(String section) {
        MemorySegment data = sections.get(section);
        if (data == null) throw new BpfException("no map holds section " + section + " of this object");
        return data;
    }

    @Override
    public List<String> mapNames() {
        return List.copyOf(first.openMaps.keySet());
    }

    @Override
    public int mapType(String map) {
        return first.openMaps.get(map)[0];
    }

    @Override
    public int maxEntries(String map) {
        return sizes.get(map);
    }

    @Override
    public void resize(String map, int entries) {
        sizes.put(map, entries);
    }

    @Override
    public void setValueSize(String map, int bytes) {
        set.valueSizes.put(map, bytes);
    }

    @Override
    public Map<String, String> programs() {
        return first.openPrograms;
    }

    @Override
    public void setAutoload(String program, boolean load) {
        set.autoload.put(program, load);
    }

    /** Taken as set: the kernel that had (or lacked) the target was the recording's, and its load says which. */
    @Override
    public void setAttachTarget(String program, String target) {
        set.attachTargets.put(program, target);
    }

    /** A prebuilt object, where this machine has it too: its DWARF is read as live. */
    @Override
    public Path objectFile() {
        return first.file.endsWith(".o") ? Path.of(first.file) : null;
    }

    @Override
    public LoadedObject load(String source, String name) {
        for (Tape.TapeObject o : candidates) {
            if (!o.loaded && o.loadFailure == null) continue;   // opened, never loaded while recording
            if (differences(o).isEmpty()) {
                replayer.chosen(o);
                replayer.clock().reach(o.loadedAt);
                String label = name != null ? "'" + name + "'" : o.name.isEmpty() ? "object " + (o.index + 1) : "'" + o.name + "'";
                System.err.println("replay: " + label + " comes from " + replayer.describeRecording());
                if (o.loadFailure != null) throw o.loadFailure;
                return new ReplayedObject(replayer, o);
            }
        }
        Tape.TapeObject loaded = candidates.stream().filter(o -> o.loaded || o.loadFailure != null).findFirst().orElse(null);
        if (loaded == null) throw replayer.absent("load of this object (it was opened, never loaded)");
        throw new RecordingException(replayer.tape().file, Cells.where() + "this object is set up differently than in the recording "
                + replayer.tape().file.getFileName() + " (object " + (loaded.index + 1) + "): " + String.join("; ", differences(loaded))
                + "\nA replay shows only what was recorded: " + replayer.rerecord());
    }

    /** How the settings here differ from those {@code o} was loaded with: globals set, map sizes, programs switched off, ... */
    private List<String> differences(Tape.TapeObject o) {
        List<String> differences = new ArrayList<>();
        o.settings.sizes.forEach((map, recorded) -> {
            Integer here = sizes.get(map);
            if (here != null && !here.equals(recorded)) {
                differences.add("map '" + map + "' has " + here + " entries here, " + recorded + " in the recording");
            }
        });
        differ(differences, set.valueSizes, o.settings.valueSizes, "the value size of map");
        differ(differences, set.autoload, o.settings.autoload, "autoload of program");
        differ(differences, set.attachTargets, o.settings.attachTargets, "the attach target of program");
        o.settings.sections.forEach((section, recorded) -> {
            MemorySegment here = sections.get(section);
            if (here == null || Arrays.equals(here.toArray(ValueLayout.JAVA_BYTE), recorded)) return;
            MemorySegment then = MemorySegment.ofArray(recorded);
            for (GlobalVar var : btf.globals()) {
                if (!var.section().equals(section) || var.offset() + var.size() > recorded.length) continue;
                if (here.asSlice(var.offset(), var.size()).mismatch(then.asSlice(var.offset(), var.size())) < 0) continue;
                StructCodec codec = StructCodec.of(btf, var.type(), var.name());
                differences.add("global '" + var.name() + "' is " + codec.read(here, var.offset()) + " here, "
                        + codec.read(then, var.offset()) + " in the recording");
            }
        });
        return differences;
    }

    /** Adds "what 'x' is A here, B in the recording" for each name set differently (or set on one side only). */
    private static <V> void differ(List<String> differences, Map<String, V> here, Map<String, V> recorded, String what) {
        Set<String> names = new LinkedHashSet<>(here.keySet());
        names.addAll(recorded.keySet());
        for (String name : names) {
            V now = here.get(name);
            V then = recorded.get(name);
            if (!Objects.equals(now, then)) {
                differences.add(what + " '" + name + "' is " + (now == null ? "not set" : now) + " here, "
                        + (then == null ? "not set" : then) + " in the recording");
            }
        }
    }

    @Override
    public void close() {
    }
}
