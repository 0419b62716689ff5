package io.tracebook.bpf.record;

import io.tracebook.bpf.display.Threads;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.sys.HostFiles;
import io.tracebook.bpf.sys.WallClock;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A recording session: the kernel serves every object as in a live session, and what the session reads is kept in
 * the recording as it is read (docs/recording-format.md). Work run through {@link #run} is timed, not recorded inside:
 * a replay skips it, so what it read is never asked for.
 */
final class Recorder implements Backend {
    /** Set on the thread running {@link #run} work and the threads it starts. */
    private static final InheritableThreadLocal<Boolean> IN_WORKLOAD = new InheritableThreadLocal<>() {
        @Override
        protected Boolean initialValue() {
            return false;
        }
    };

    private final TapeWriter tape;
    private final Manifest manifest;
    private int objects;
    private final Map<String, Integer> processes = new HashMap<>();
    /**
     * Workloads ({@link #run}) still running. A workload's entry is written when it ends, so {@link #close()} waits for
     * them: a background one that outlives the cells after it (00-live-opensnoop's opener runs 8 s) would otherwise be
     * missing from the recording, and its replay would fail.
     */
    private final Object workloadsLock = new Object();
    private int workloadsRunning;
    private final Map<String, Set<Long>> named = new HashMap<>();

    private Recorder(TapeWriter tape, Manifest manifest) {
        this.tape = tape;
        this.manifest = manifest;
    }

    static Recorder start(Path file, String what) {
        Manifest manifest = Manifest.ofThisMachine(what);
        Recorder recorder = new Recorder(TapeWriter.create(file, manifest, System.nanoTime()), manifest);
        WallClock.fix(manifest.wallMinusMonotonicNanos());
        for (Tape.Cell cell : Cells.ran()) recorder.cellStarted(cell.label(), cell.code());
        return recorder;
    }

    Path file() {
        return tape.file();
    }

    @Override
    public HostFiles.Reader files() {
        return new RecordingFiles(this);
    }

    @Override
    public Machine machine() {
        return new Machine(manifest.host(), manifest.kernel());
    }

    @Override
    public Mode mode() {
        return Mode.RECORD;
    }

    /** False inside work run through {@link #run}: a replay skips that work, so nothing read there is kept. */
    boolean keeps() {
        return !IN_WORKLOAD.get();
    }

    void write(RecordType type, Consumer<RecordBuffer> body) {
        tape.write(type, Threads.isPainter(), body);
    }

    void flush() {
        tape.flush();
    }

    @Override
    public OpenedObject open(String source, String file, Supplier<OpenedObject> compileAndOpen) {
        int index;
        synchronized (this) {
            index = objects++;
        }
        String cell = Cells.current() == null ? "" : Cells.current();
        OpenedObject opened;
        try {
            opened = compileAndOpen.get();
        } catch (BpfException e) {
            write(RecordType.OPEN_FAILED, out -> {
                out.putInt(index);
                out.putString(cell);
                out.putString(source);
                out.putString(file);
                RecordedFailure.write(out, e);
            });
            tape.flush();
            throw e;
        }
        List<String> sections = opened.sections();
        write(RecordType.OPENED, out -> {
            out.putInt(index);
            out.putString(cell);
            out.putString(source);
            out.putString(file);
            out.putBlob(opened.rawBtf());
            out.putInt(sections.size());
            for (String section : sections) {
                out.putString(section);
                MemorySegment data = opened.section(section);
                out.putBlob(data, 0, data.byteSize());
            }
            List<String> maps = opened.mapNames();
            out.putInt(maps.size());
            for (String map : maps) {
                out.putString(map);
                out.putInt(opened.mapType(map));
                out.putInt(opened.maxEntries(map));
            }
            Map<String, String> programs = opened.programs();
            out.putInt(programs.size());
            programs.forEach((program, section) -> {
                out.putString(program);
                out.putString(section);
            });
        });
        return new RecordingOpenedObject(this, index, opened, sections);
    }

    @Override
    public Optional<String> recordedSource(String file) {
        return Optional.empty();
    }

    @Override
    public <T> T value(String name, Callable<T> compute) throws Exception {
        T value = compute.call();
        byte[] bytes = ValueCodec.encode(name, value);
        if (keeps()) {
            write(RecordType.VALUE, out -> {
                out.putString(name);
                out.putBlob(bytes);
            });
            tape.flush();
        }
        return value;
    }

    @Override
    public void run(String name, Callable<?> work) throws Exception {
        if (!keeps()) {
            work.call();
            return;
        }
        synchronized (workloadsLock) {
            workloadsRunning++;
        }
        try {
            long started = System.nanoTime();
            IN_WORKLOAD.set(true);
            try {
                work.call();
            } finally {
                IN_WORKLOAD.set(false);
            }
            long took = System.nanoTime() - started;
            write(RecordType.WORKLOAD, out -> {
                out.putString(name);
                out.putLong(took);
            });
            tape.flush();
        } finally {
            synchronized (workloadsLock) {
                workloadsRunning--;
                workloadsLock.notifyAll();
            }
        }
    }

    @Override
    public Process process(String name, ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        if (!keeps()) return process;
        int occurrence;
        synchronized (processes) {
            occurrence = processes.merge(name, 1, Integer::sum) - 1;
        }
        write(RecordType.PROCESS_STARTED, out -> {
            out.putString(name);
            out.putInt(occurrence);
            out.putLong(process.pid());
        });
        return new RecordingProcess(this, name, occurrence, process);
    }

    @Override
    public LongFunction<String> symbols(String scope, Supplier<LongFunction<String>> real) {
        LongFunction<String> names;
        try {
            names = real.get();
        } catch (BpfException e) {
            write(RecordType.SYMBOLS, out -> {
                out.putString(scope);
                out.putByte(1);
                RecordedFailure.write(out, e);
            });
            throw e;
        }
        return address -> {
            String name = names.apply(address);
            boolean fresh;
            synchronized (named) {
                fresh = named.computeIfAbsent(scope, s -> new HashSet<>()).add(address);
            }
            if (fresh) {
                write(RecordType.SYMBOLS, out -> {
                    out.putString(scope);
                    out.putByte(0);
                    out.putInt(1);
                    out.putLong(address);
                    out.putString(name);
                });
            }
            return name;
        };
    }

    @Override
    public void cellStarted(String label, String code) {
        write(RecordType.CELL, out -> {
            out.putString(label);
            out.putString(code);
        });
    }

    /** The failure that stopped this recording (a full disk), or null. */
    BpfException failure() {
        return tape.failure();
    }

    Manifest manifest() {
        return manifest;
    }

    @Override
    public void close() {
        awaitWorkloads();
        WallClock.fix(null);
        tape.close();
    }

    /** Waits (a minute at most) for the workloads still running to end and be written. */
    private void awaitWorkloads() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        synchronized (workloadsLock) {
            try {
                while (workloadsRunning > 0 && System.nanoTime() < deadline) {
                    workloadsLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (workloadsRunning > 0) {
                System.err.println("recording: " + workloadsRunning + " workload(s) still running after a minute; the recording ends "
                        + "without them, and a replay that reaches them fails");
            }
        }
    }
}
