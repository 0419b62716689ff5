package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.RecordingException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads a recording into a {@link Tape}, front to back as it was written, so a recording without its end (cut short:
 * the recording process was killed) reads up to its last whole chunk and says so. A file that is not a recording,
 * is corrupt (a checksum or a record that does not fit the format) or is of a newer format fails with a
 * {@link RecordingException} naming the file and what is wrong; nothing in a file can make the reader do more
 * than throw that.
 */
final class TapeReader {
    private final Path file;
    private final List<Tape.TapeObject> objects = new ArrayList<>();
    private final List<Tape.Cell> cells = new ArrayList<>();
    private final Map<String, List<Tape.Timed<byte[]>>> values = new HashMap<>();
    private final Map<String, List<Tape.Timed<Long>>> workloads = new HashMap<>();
    private final Map<String, List<Tape.TapeProcess>> processes = new HashMap<>();
    private final Map<String, Map<Long, String>> symbols = new HashMap<>();
    private final Map<String, BpfException> symbolFailures = new HashMap<>();
    private final Map<String, Object> hostFiles = new HashMap<>();
    /** The entry being parsed. */
    private ZipEntries chunk;
    /** The events of the entry being parsed, found at its first batch. */
    private MemorySegment chunkEvents;
    /** The file mapped for the events, at the first chunk of events (null before, or when it cannot be). */
    private MemorySegment eventsMapping;
    private boolean eventsMappingTried;
    /** The file, open while it is read. */
    private FileChannel channel;

    private TapeReader(Path file) {
        this.file = file;
    }

    static Tape read(Path file) {
        return new TapeReader(file).read();
    }

    private Tape read() {
        try (FileChannel opened = FileChannel.open(file, StandardOpenOption.READ); Arena reading = Arena.ofConfined()) {
            channel = opened;
            try (ZipEntries zip = new ZipEntries(fileBytes(reading))) {
                return read(zip);
            }
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, "no recording " + file + ": make it with ./tracebook record (on a machine with BPF privileges)");
        } catch (IOException e) {
            throw new RecordingException(file, "cannot read the recording " + file + ": " + e.getMessage(), "", e);
        }
    }

    private Tape read(ZipEntries zip) {
        Manifest manifest = null;
        String entry = "the start of the file";
        int chunks = 0;
        try {
            String name = zip.next();
            if (name == null || !name.equals(Manifest.ENTRY)) {
                throw new RecordingException(file, file + " is not a Tracebook recording (it does not start with " + Manifest.ENTRY
                        + "): give the .recording.zip that ./tracebook record wrote");
            }
            entry = Manifest.ENTRY;
            zip.read();
            manifest = Manifest.parse(zip.entry().toArray(ValueLayout.JAVA_BYTE), file);
            while ((name = zip.next()) != null) {
                entry = name;
                if (zip.storedWhole() && entry.startsWith(TapeWriter.LOG_PREFIX)) readThroughEventsMapping(zip);
                zip.read();
                if (entry.equals(TapeWriter.END_ENTRY)) return tape(manifest, null);
                if (!entry.startsWith(TapeWriter.LOG_PREFIX)) continue;   // entries added later (outputs.json) are not the log's
                String expected = String.format("%s%06d.bin", TapeWriter.LOG_PREFIX, chunks + 1);
                if (!entry.equals(expected)) throw new RecordInput.Corrupt("the log chunk " + expected + " is missing (found " + entry + ")");
                chunks++;
                parseChunk(zip);
            }
            return tape(manifest, "it has no end (" + TapeWriter.END_ENTRY + "): the recording was cut short after " + chunks
                    + " chunk(s), as when the recording process is killed");
        } catch (EOFException | ZipException e) {
            if (manifest == null) {
                throw new RecordingException(file, file + " is not a Tracebook recording (" + e.getMessage() + "): give the "
                        + ".recording.zip that ./tracebook record wrote", "", e);
            }
            if (e instanceof EOFException) return tape(manifest, "it was cut short inside " + entry + ", after " + chunks + " whole chunk(s)");
            throw corrupt(entry, e.getMessage(), e);
        } catch (RecordInput.Corrupt c) {
            throw corrupt(entry, c.getMessage(), c);
        }
    }

    /**
     * The file's bytes to read it through, mapped read-only for as long as {@code arena} is open (no copy through a
     * stream: a stored chunk's CRC is checked where it is), else read onto the heap (and then the events are copies).
     */
    private MemorySegment fileBytes(Arena arena) throws IOException {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (IOException | UnsupportedOperationException e) {
            eventsMappingTried = true;
            if (channel.size() > Integer.MAX_VALUE - 8) throw new IOException("it is too large to read without mapping it", e);
            ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // until full, or the file ends (it shrank)
            }
            return MemorySegment.ofArray(bytes.array()).asSlice(0, bytes.position());
        }
    }

    private RecordingException corrupt(String entry, String what, Exception cause) {
        return new RecordingException(file, "the recording " + file + " is corrupt at " + entry + " (" + what + "): record it again",
                "", cause);
    }

    private Tape tape(Manifest manifest, String cutShort) {
        return new Tape(file, manifest, cutShort, objects, cells, values, workloads, processes, symbols, symbolFailures, hostFiles);
    }

    private void parseChunk(ZipEntries zip) {
        chunk = zip;
        chunkEvents = null;
        RecordInput in = new RecordInput(zip.entry(), 0, zip.length());
        int number = 0;
        while (in.hasMore()) {
            number++;
            int code = in.getByte();
            RecordType type = RecordType.of(code);
            int length = in.getCount();
            RecordInput record = in.slice(length);
            if (type == null) throw new RecordInput.Corrupt("record " + number + " has an unknown type " + code);
            long time = record.getLong();
            boolean background = (record.getByte() & 1) != 0;
            try {
                parse(type, time, background, record);
            } catch (RecordInput.Corrupt c) {
                throw new RecordInput.Corrupt("record " + number + " (" + type + "): " + c.getMessage());
            }
        }
    }

    private void parse(RecordType type, long time, boolean background, RecordInput in) {
        switch (type) {
            case CELL -> cells.add(new Tape.Cell(in.getString(), in.getString()));
            case OPENED -> {
                Tape.TapeObject o = newObject(in.getCount());
                o.openedAt = time;
                o.cell = in.getString();
                o.source = in.getString();
                o.file = in.getString();
                o.btf = in.getBlob();
                int sections = in.getCount(1);
                for (int i = 0; i < sections; i++) o.initialSections.put(in.getString(), in.getBlob());
                int maps = in.getCount(1);
                for (int i = 0; i < maps; i++) o.openMaps.put(in.getString(), new int[] {in.getInt(), in.getInt()});
                int programs = in.getCount(1);
                for (int i = 0; i < programs; i++) o.openPrograms.put(in.getString(), in.getString());
            }
            case OPEN_FAILED -> {
                Tape.TapeObject o = newObject(in.getCount());
                o.openedAt = time;
                o.cell = in.getString();
                o.source = in.getString();
                o.file = in.getString();
                o.openFailure = RecordedFailure.read(in);
            }
            case LOADED -> {
                Tape.TapeObject o = object(in.getCount());
                o.loaded = true;
                o.loadedAt = time;
                o.name = in.getString();
                o.possibleCpus = in.getInt();
                o.settings = ObjectSettings.read(in);
                int maps = in.getCount(1);
                for (int i = 0; i < maps; i++) {
                    o.maps.add(new MapSpec(in.getString(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt()));
                }
                int programs = in.getCount(1);
                for (int i = 0; i < programs; i++) o.programs.add(new ProgramSpec(in.getString(), in.getString(), in.getByte() != 0));
            }
            case LOAD_FAILED -> {
                Tape.TapeObject o = object(in.getCount());
                o.loadedAt = time;
                o.settings = ObjectSettings.read(in);
                o.loadFailure = RecordedFailure.read(in);
            }
            case ATTACHED -> {
                Tape.TapeObject o = object(in.getCount());
                String program = in.getString();
                AttachRequest request = readRequest(in);
                Tape.Attach attach;
                if (in.getByte() != 0) {
                    int n = in.getCount(1);
                    List<String> targets = new ArrayList<>();
                    for (int i = 0; i < n; i++) targets.add(in.getString());
                    attach = new Tape.Attach(request, targets, null);
                } else {
                    attach = new Tape.Attach(request, List.of(), RecordedFailure.read(in));
                }
                o.attaches.computeIfAbsent(program, p -> new ArrayList<>()).add(attach);
            }
            case READ_STARTED -> {
                Tape.TapeObject o = object(in.getCount());
                o.read(in.getString(), in.getInt()).startedAt = time;
            }
            case BATCH -> {
                Tape.TapeObject o = object(in.getCount());
                Tape.StreamRead read = o.read(in.getString(), in.getInt());
                int count = in.getCount(4);
                int offset = in.position();
                read.batches.add(Tape.Batch.of(time, eventsOfChunk(), offset, in.skipBlobs(count)));
            }
            case READ_ENDING -> {
                Tape.TapeObject o = object(in.getCount());
                Tape.StreamRead read = o.read(in.getString(), in.getInt());
                read.endingAt = time;
                read.kernelLost = in.getLong();
            }
            case MAP_READ -> {
                Tape.TapeObject o = object(in.getCount());
                String map = in.getString();
                int op = in.getByte();
                Tape.MapRead read = switch (op) {
                    case 1 -> {
                        byte[] key = in.getBlob();
                        int found = in.getByte();
                        yield new Tape.MapRead(Tape.MapOp.LOOKUP, key, found, null, in.getBlob());
                    }
                    case 2 -> new Tape.MapRead(Tape.MapOp.KEYS, null, in.getCount(), in.getBlob(), null);
                    case 3 -> new Tape.MapRead(Tape.MapOp.ENTRIES, null, in.getCount(), in.getBlob(), in.getBlob());
                    default -> throw new RecordInput.Corrupt("an unknown map operation " + op);
                };
                o.mapReads.computeIfAbsent(map, m -> new ArrayList<>()).add(new Tape.Timed<>(time, background, read));
            }
            case GLOBAL_READ -> {
                Tape.TapeObject o = object(in.getCount());
                String name = in.getString();
                o.globalReads.computeIfAbsent(name, g -> new ArrayList<>()).add(new Tape.Timed<>(time, background, in.getBlob()));
            }
            case PROGRAM_STATS -> {
                Tape.TapeObject o = object(in.getCount());
                String program = in.getString();
                ProgramAccess.Stats stats = new ProgramAccess.Stats(in.getInt(), in.getLong());
                o.stats.computeIfAbsent(program, p -> new ArrayList<>()).add(new Tape.Timed<>(time, background, stats));
            }
            case CLOSED -> object(in.getCount());
            case PROGRAM_RAN -> {
                Tape.TapeObject o = object(in.getCount());
                String program = in.getString();
                o.runs.computeIfAbsent(program, p -> new ArrayList<>()).add(new Tape.Timed<>(time, background, in.getInt()));
            }
            case HOST_FILE -> {
                int op = in.getByte();
                String path = in.getString();
                Object answer = switch (op) {
                    case RecordingFiles.READ -> in.getByte() != 0 ? in.getBlob() : in.getString();
                    case RecordingFiles.EXISTS, RecordingFiles.DIRECTORY -> in.getByte() != 0;
                    default -> throw new RecordInput.Corrupt("an unknown file question " + op);
                };
                hostFiles.put(op + ":" + path, answer);
            }
            case STREAM_OPENED -> {
                Tape.TapeObject o = object(in.getCount());
                o.eventTypes.put(in.getString(), in.getInt());
            }
            case VALUE -> {
                String name = in.getString();
                values.computeIfAbsent(name, v -> new ArrayList<>()).add(new Tape.Timed<>(time, background, in.getBlob()));
            }
            case WORKLOAD -> {
                String name = in.getString();
                workloads.computeIfAbsent(name, w -> new ArrayList<>()).add(new Tape.Timed<>(time, background, in.getLong()));
            }
            case SYMBOLS -> {
                String scope = in.getString();
                if (in.getByte() != 0) {
                    symbolFailures.put(scope, RecordedFailure.read(in));
                } else {
                    Map<Long, String> names = symbols.computeIfAbsent(scope, s -> new HashMap<>());
                    int n = in.getCount(12);
                    for (int i = 0; i < n; i++) names.put(in.getLong(), in.getString());
                }
            }
            case PROCESS_STARTED -> {
                Tape.TapeProcess p = process(in.getString(), in.getCount(), true);
                p.startedAt = time;
                p.pid = in.getLong();
            }
            case PROCESS_OUTPUT -> {
                Tape.TapeProcess p = process(in.getString(), in.getCount(), false);
                int stream = in.getByte();
                p.output.computeIfAbsent(stream, s -> new ArrayList<>()).add(new Tape.Timed<>(time, background, in.getBlob()));
            }
            case PROCESS_EXITED -> {
                Tape.TapeProcess p = process(in.getString(), in.getCount(), false);
                p.exitedAt = time;
                p.exitCode = in.getInt();
            }
        }
    }

    /**
     * A stored log chunk holds events (TapeWriter compresses the others): it is read, and its CRC checked, through the
     * mapping the replay keeps them in. The first touch of a page of a fresh mapping is what reading the file costs on a
     * paravirtualized guest (~4 us a page, the hypervisor's, counted in no fault: 30-50 ms for the 36 MB of a million
     * events, 2026-12-07); read through one mapping and decoded from another, every page was touched twice. Only a
     * whole chunk maps it: a recording cut short inside its first chunk of events keeps no mapping (nor its file system
     * busy), as before.
     */
    private void readThroughEventsMapping(ZipEntries zip) {
        if (eventsMappingTried) return;
        MemorySegment mapping = eventsMapping();
        if (mapping != null) zip.readOnThrough(mapping);
    }

    /**
     * The events of the chunk being parsed, kept for the replay: the mapped file's own bytes when stored, else a copy.
     * A million-event recording is tens of megabytes: kept on the heap, the young collections of a cold replay copied
     * them from space to space (JFR: pauses of 100-250 ms each), and copied into fresh native memory, zeroing and
     * faulting its pages cost as much again. The file's pages are already in the page cache: mapping them costs neither.
     */
    private MemorySegment eventsOfChunk() {
        if (chunkEvents == null) {
            MemorySegment file = chunk.inFile() >= 0 ? eventsMapping() : null;
            chunkEvents = file != null && chunk.inFile() <= file.byteSize() - chunk.length() ? file.asSlice(chunk.inFile(), chunk.length())
                    : MemorySegment.ofArray(chunk.entry().toArray(ValueLayout.JAVA_BYTE));
        }
        return chunkEvents;
    }

    /**
     * The file mapped read-only for the replay's events, unmapped when the tape is no longer reachable (so a recording
     * without events keeps no mapping, nor its file system busy); null where it cannot be mapped (then chunks are
     * copied). A recording is never rewritten in place: {@link TapeWriter} replaces a file by a new one, so a replay's
     * mapping keeps the bytes it read; mapped from the channel the file was read through, they are that file's, even
     * when it has been replaced since. It is handed on as a plain native segment of its arena: the decoder, compiled
     * for the ring buffer's native segments in a session that also traced live, deoptimized on a mapped segment's
     * other class at the first replay and was compiled again (JFR: class_check deoptimizations).
     */
    private MemorySegment eventsMapping() {
        if (!eventsMappingTried) {
            eventsMappingTried = true;
            try {
                Arena arena = Arena.ofAuto();
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
                eventsMapping = MemorySegment.ofAddress(mapped.address()).reinterpret(mapped.byteSize(), arena, null);
            } catch (IOException | UnsupportedOperationException e) {
                eventsMapping = null;
            }
        }
        return eventsMapping;
    }

    static AttachRequest readRequest(RecordInput in) {
        int kind = in.getByte();
        return switch (kind) {
            case 0 -> new AttachRequest.Auto();
            case 1 -> new AttachRequest.Uprobe(in.getString(), in.getString(), in.getInt());
            case 2 -> new AttachRequest.Usdt(in.getString(), in.getString(), in.getString(), in.getInt());
            case 3 -> new AttachRequest.PerfEvent(in.getInt(), in.getLong(), in.getString(), in.getLong(), in.getByte() != 0, in.getInt());
            case 4 -> new AttachRequest.Timer(in.getLong());
            default -> throw new RecordInput.Corrupt("an unknown kind of attach " + kind);
        };
    }

    private Tape.TapeObject newObject(int index) {
        if (index != objects.size()) throw new RecordInput.Corrupt("object " + index + " opened where object " + objects.size() + " was next");
        Tape.TapeObject o = new Tape.TapeObject(index);
        objects.add(o);
        return o;
    }

    private Tape.TapeObject object(int index) {
        if (index >= objects.size()) throw new RecordInput.Corrupt("a record of object " + index + ", which was never opened");
        return objects.get(index);
    }

    private Tape.TapeProcess process(String name, int occurrence, boolean starts) {
        List<Tape.TapeProcess> started = processes.computeIfAbsent(name, p -> new ArrayList<>());
        if (starts) {
            if (occurrence != started.size()) throw new RecordInput.Corrupt("process '" + name + "' #" + occurrence + " started out of order");
            started.add(new Tape.TapeProcess());
        }
        if (occurrence >= started.size()) throw new RecordInput.Corrupt("a record of process '" + name + "' #" + occurrence + ", never started");
        return started.get(occurrence);
    }
}
