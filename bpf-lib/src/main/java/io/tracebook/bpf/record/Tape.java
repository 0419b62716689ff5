package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recording read into memory, indexed for replay: per object (in the order the session opened them) what it was
 * compiled from and set to, what it attached, every read of its streams, maps, globals and program statistics;
 * beside them the session's recorded values, workloads, processes and stack symbols. {@link TapeReader} fills it.
 */
final class Tape {
    /** Something recorded at {@code time} (nanoseconds since the session started), by a live view's thread or not. */
    record Timed<T>(long time, boolean background, T value) {
    }

    /** A cell the kernel ran while recording. */
    record Cell(String label, String code) {
    }

    /**
     * A batch of events one poll received: {@code count} records from {@code offset} of {@code chunk}, each a u32 size
     * then its bytes, their sizes in {@code runs} as runs of one size ({size, records, size, records, ...}: read once,
     * when the file was, so a replay hands them on without reading the chunk); {@code framedBytes} is what they took
     * in the kernel's buffer (8-byte header, 8-byte aligned), the measure a stream sizes its columns by. The chunk is
     * the mapped file's bytes where it can be (TapeReader).
     */
    record Batch(long time, MemorySegment chunk, int offset, int count, int[] runs, long framedBytes) {
        static Batch of(long time, MemorySegment chunk, int offset, int[] runs) {
            int count = 0;
            long framed = 0;
            for (int r = 0; r < runs.length; r += 2) {
                count += runs[r + 1];
                framed += runs[r + 1] * framed(runs[r]);
            }
            return new Batch(time, chunk, offset, count, runs, framed);
        }

        static long framed(int size) {
            return (size + 8 + 7) & ~7L;
        }
    }

    /** What one read of a stream (collect, take, forEach, follow) received. */
    static final class StreamRead {
        long startedAt;
        long endingAt = -1;
        long kernelLost;
        final List<Batch> batches = new ArrayList<>();
    }

    enum MapOp { LOOKUP, KEYS, ENTRIES }

    /**
     * One read of a map: a lookup of {@code key} (count 1 when found, the value in {@code values}), the keys
     * ({@code count} of them in {@code keys}) or every entry ({@code keys} and {@code values}).
     */
    record MapRead(MapOp op, byte[] key, int count, byte[] keys, byte[] values) {
    }

    /** An attach as asked, and what came of it: the targets attached, or the failure. */
    record Attach(AttachRequest request, List<String> targets, BpfException failure) {
    }

    /** An object the session opened: {@code index} counts the session's Bpf.c/Bpf.file calls from 0. */
    static final class TapeObject {
        final int index;
        long openedAt;
        String cell;
        String source;
        String file;
        BpfException openFailure;
        byte[] btf;
        final Map<String, byte[]> initialSections = new LinkedHashMap<>();
        final Map<String, int[]> openMaps = new LinkedHashMap<>();   // name -> {type, max entries}
        /** Its programs when opened, each with its SEC() name. */
        final Map<String, String> openPrograms = new LinkedHashMap<>();
        boolean loaded;
        long loadedAt;
        BpfException loadFailure;
        /** What the session set before load (or before load failed). */
        ObjectSettings settings = new ObjectSettings();
        String name = "";
        int possibleCpus;
        final List<MapSpec> maps = new ArrayList<>();
        final List<ProgramSpec> programs = new ArrayList<>();
        final Map<String, List<Attach>> attaches = new HashMap<>();
        final Map<String, Map<Integer, StreamRead>> streams = new HashMap<>();
        /** The BTF type each stream's events were decoded as. */
        final Map<String, Integer> eventTypes = new LinkedHashMap<>();
        final Map<String, List<Timed<MapRead>>> mapReads = new HashMap<>();
        final Map<String, List<Timed<byte[]>>> globalReads = new HashMap<>();
        final Map<String, List<Timed<ProgramAccess.Stats>>> stats = new HashMap<>();
        final Map<String, List<Timed<Integer>>> runs = new HashMap<>();

        TapeObject(int index) {
            this.index = index;
        }

        StreamRead read(String stream, int read) {
            return streams.computeIfAbsent(stream, s -> new TreeMap<>()).computeIfAbsent(read, r -> new StreamRead());
        }
    }

    /** A process a notebook started through {@code Recorded.process}: its pid, what it printed, how it ended. */
    static final class TapeProcess {
        long startedAt;
        long pid;
        final Map<Integer, List<Timed<byte[]>>> output = new HashMap<>();
        Integer exitCode;
        long exitedAt;
    }

    final Path file;
    final Manifest manifest;
    /** Why the recording stops early (it has no end: killed while recording?), or null when it is whole. */
    final String cutShort;
    final List<TapeObject> objects;
    final List<Cell> cells;
    final Map<String, List<Timed<byte[]>>> values;
    final Map<String, List<Timed<Long>>> workloads;
    final Map<String, List<TapeProcess>> processes;
    final Map<String, Map<Long, String>> symbols;
    final Map<String, BpfException> symbolFailures;
    /** The machine's kernel-describing files as read: "op:path" to the bytes, a read's failure message, or a Boolean. */
    final Map<String, Object> hostFiles;

    Tape(Path file, Manifest manifest, String cutShort, List<TapeObject> objects, List<Cell> cells,
         Map<String, List<Timed<byte[]>>> values, Map<String, List<Timed<Long>>> workloads, Map<String, List<TapeProcess>> processes,
         Map<String, Map<Long, String>> symbols, Map<String, BpfException> symbolFailures, Map<String, Object> hostFiles) {
        this.file = file;
        this.manifest = manifest;
        this.cutShort = cutShort;
        this.objects = objects;
        this.cells = cells;
        this.values = values;
        this.workloads = workloads;
        this.processes = processes;
        this.symbols = symbols;
        this.symbolFailures = symbolFailures;
        this.hostFiles = hostFiles;
    }

    boolean isComplete() {
        return cutShort == null;
    }
}
