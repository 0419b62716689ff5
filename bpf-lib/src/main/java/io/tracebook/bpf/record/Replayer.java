package io.tracebook.bpf.record;

import io.tracebook.bpf.error.RecordingException;
import io.tracebook.bpf.sys.HostFiles;
import io.tracebook.bpf.sys.WallClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A replay session: objects, events, maps, globals, values and symbols come from a recording, through the same
 * decoders as live, and nothing touches the kernel (no privileges, no clang, no libbpf needed). The k-th object the
 * notebook opens is the recorded one with the same C, looked for from where the last one matched (then back, for a
 * cell run again); one whose C the recording does not have fails, naming the cell, the difference and how to record
 * again.
 */
final class Replayer implements Backend {
    private final Tape tape;
    private final ReplayClock clock;
    private int nextObject;
    private final Map<String, Integer> cursors = new HashMap<>();

    private Replayer(Tape tape, ReplayClock clock) {
        this.tape = tape;
        this.clock = clock;
    }

    static Replayer of(Tape tape, boolean paced) {
        WallClock.fix(tape.manifest.wallMinusMonotonicNanos());
        if (!tape.isComplete()) {
            System.err.println("replay: " + tape.file + ": " + tape.cutShort + "; it replays up to there, and a read past it fails");
        }
        return new Replayer(tape, new ReplayClock(paced));
    }

    Tape tape() {
        return tape;
    }

    ReplayClock clock() {
        return clock;
    }

    @Override
    public HostFiles.Reader files() {
        return new ReplayedFiles(this);
    }

    @Override
    public Machine machine() {
        return new Machine(tape.manifest.host(), tape.manifest.kernel());
    }

    @Override
    public Mode mode() {
        return Mode.REPLAY;
    }

    @Override
    public OpenedObject open(String source, String file, Supplier<OpenedObject> compileAndOpen) {
        List<Tape.TapeObject> candidates = candidates(o -> o.source.equals(source));
        if (candidates.isEmpty()) throw notRecorded(source);
        Tape.TapeObject first = candidates.getFirst();
        chosen(first);
        clock.reach(first.openedAt);
        if (first.openFailure != null) throw first.openFailure;
        return new ReplayedOpenedObject(this, candidates);
    }

    @Override
    public Optional<String> recordedSource(String file) {
        return candidates(o -> o.file.equals(file)).stream().findFirst().map(o -> o.source);
    }

    /** Recorded objects that match: from the next one on, then back from it (a cell run again). */
    private synchronized List<Tape.TapeObject> candidates(Predicate<Tape.TapeObject> matches) {
        List<Tape.TapeObject> same = new ArrayList<>();
        for (int i = nextObject; i < tape.objects.size(); i++) {
            if (matches.test(tape.objects.get(i))) same.add(tape.objects.get(i));
        }
        for (int i = Math.min(nextObject, tape.objects.size()) - 1; i >= 0; i--) {
            if (matches.test(tape.objects.get(i))) same.add(tape.objects.get(i));
        }
        return same;
    }

    /** The object now replayed is {@code o}: the next one is looked for after it. */
    synchronized void chosen(Tape.TapeObject o) {
        nextObject = Math.max(nextObject, o.index + 1);
    }

    private RecordingException notRecorded(String source) {
        Tape.TapeObject expected;
        synchronized (this) {
            expected = nextObject < tape.objects.size() ? tape.objects.get(nextObject) : null;
        }
        if (!tape.isComplete() && expected == null) return cutShort("this object");
        String difference = expected == null
                ? "the recording has " + tape.objects.size() + " object(s), all matched already, and none has this C"
                : "its C is not the recorded object " + (expected.index + 1) + "'s" + (expected.cell.isEmpty() ? "" : " (recorded " + expected.cell + ")")
                + ", " + SourceDiff.describe(source, expected.source);
        return new RecordingException(tape.file, Cells.where() + "this object's C differs from the recording " + tape.file.getFileName()
                + ": " + difference + "\nA replay shows only what was recorded: " + rerecord());
    }

    /** Says that what the notebook asks for is not in the recording. */
    RecordingException missing(String what) {
        return new RecordingException(tape.file, Cells.where() + "the recording " + tape.file.getFileName() + " has no " + what
                + ": the code asks for something it did not when recorded; " + rerecord());
    }

    /** What the recording lacks: cut short, it may have come after the end; whole, the notebook asks for more than it did. */
    RecordingException absent(String what) {
        return tape.isComplete() ? missing(what) : cutShort(what);
    }

    /** Says that the recording ends before what the notebook asks for. */
    RecordingException cutShort(String what) {
        return new RecordingException(tape.file, Cells.where() + "the recording " + tape.file.getFileName() + " ends before " + what
                + " (" + tape.cutShort + "); " + rerecord());
    }

    /** How to make a recording of the code as it is now: for a notebook, the command that records it. */
    String rerecord() {
        String what = tape.manifest.what();
        return what.endsWith(".ipynb") ? "run ./tracebook record " + what + " to record the notebook as it is now"
                : "record the session again (Recording.start) to replay this code";
    }

    /** "host vm-1, Linux 6.18.0, 2 CPUs, 2026-05-02 10:31 UTC", for the line each replayed object prints. */
    String describeRecording() {
        return tape.file.getFileName() + ", recorded on " + tape.manifest.describe();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T value(String name, Callable<T> compute) {
        Tape.Timed<byte[]> recorded = next("value", name, tape.values.get(name), "value '" + name + "'");
        try {
            return (T) ValueCodec.decode(recorded.value());
        } catch (RecordInput.Corrupt e) {
            throw new RecordingException(tape.file, "the recording " + tape.file + " is corrupt: its value '" + name + "' cannot be read ("
                    + e.getMessage() + "); record it again");
        }
    }

    @Override
    public void run(String name, Callable<?> work) {
        next("workload", name, tape.workloads.get(name), "workload '" + name + "'");
    }

    /** The next recorded entry of a named sequence, the last one again past its end; the clock moves to its time. */
    private <T> Tape.Timed<T> next(String kind, String name, List<Tape.Timed<T>> recorded, String what) {
        if (recorded == null || recorded.isEmpty()) throw absent(what);
        int i;
        synchronized (cursors) {
            i = cursors.merge(kind + ":" + name, 1, Integer::sum) - 1;
        }
        if (i >= recorded.size()) {
            if (!tape.isComplete()) throw cutShort(what + " #" + (i + 1));
            i = recorded.size() - 1;
        }
        Tape.Timed<T> entry = recorded.get(i);
        clock.reach(entry.time());
        return entry;
    }

    @Override
    public Process process(String name, ProcessBuilder builder) throws IOException {
        List<Tape.TapeProcess> recorded = tape.processes.get(name);
        if (recorded == null || recorded.isEmpty()) throw absent("process '" + name + "'");
        int i;
        synchronized (cursors) {
            i = cursors.merge("process:" + name, 1, Integer::sum) - 1;
        }
        if (i >= recorded.size()) {
            if (!tape.isComplete()) throw cutShort("process '" + name + "' #" + (i + 1));
            i = recorded.size() - 1;
        }
        Tape.TapeProcess process = recorded.get(i);
        clock.reach(process.startedAt);
        return new ReplayedProcess(this, process);
    }

    @Override
    public LongFunction<String> symbols(String scope, Supplier<LongFunction<String>> real) {
        if (tape.symbolFailures.containsKey(scope)) throw tape.symbolFailures.get(scope);
        Map<Long, String> names = tape.symbols.getOrDefault(scope, Map.of());
        return address -> names.getOrDefault(address, "0x" + Long.toHexString(address));
    }

    @Override
    public void cellStarted(String label, String code) {
    }

    @Override
    public void close() {
        WallClock.fix(null);
    }
}
