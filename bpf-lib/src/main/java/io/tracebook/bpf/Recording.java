package io.tracebook.bpf;

import io.tracebook.bpf.record.Backend;
import io.tracebook.bpf.record.Backends;
import io.tracebook.bpf.record.Cells;
import io.tracebook.bpf.record.RecordedEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Recording and replaying a session. While recording, every object loaded from then on runs on the kernel as
 * usual and the recording keeps what was read of it — events as they arrived, map and global reads, attaches, the
 * {@link Recorded} values — in a zip written as it goes (docs/recording-format.md). A replay of it runs the same
 * code without the kernel, without privileges: {@code Bpf.c(..).load().attach()}, {@code events(..)},
 * {@code collect}, live views, maps and globals all give what they gave when recorded.
 *
 * <pre>
 * try (Recording r = Recording.start(Path.of("opens.recording.zip"))) {
 *     try (BpfObject o = Bpf.c(src).load().attach()) { o.events("events").collect(Duration.ofSeconds(2)); }
 * }
 * // later, anywhere, no root needed:
 * try (Recording r = Recording.replay(Path.of("opens.recording.zip"))) { ... the same code ... }
 * </pre>
 *
 * Without a call here, the environment decides: {@code TRACEBOOK_MODE=record} with {@code TRACEBOOK_RECORDING=FILE}
 * records ({@code ./tracebook record} runs notebooks so), {@code TRACEBOOK_MODE=replay} replays, and a process that
 * may not use BPF replays the recording it finds (the notebook's, beside it).
 */
public final class Recording implements AutoCloseable {
    /** Where a session's objects come from. */
    public enum Mode {
        /** The running kernel. */
        LIVE,
        /** The running kernel, and a recording keeps what was read. */
        RECORD,
        /** A recording: no kernel, no privileges. */
        REPLAY
    }

    /** How fast a replay goes. */
    public enum Pace {
        /** As recorded: events arrive, and live views redraw, as they did (what a notebook's reader wants to see). */
        RECORDED,
        /** Without waiting: every read gets its recorded events at once (tests, quick looks). */
        INSTANT
    }

    private final Backend backend;
    private final Path file;

    private Recording(Backend backend, Path file) {
        this.backend = backend;
        this.file = file;
    }

    /** Records from now on to {@code file} (replaced if it exists), until {@link #close()}. */
    public static Recording start(Path file) {
        return new Recording(Backends.record(file, file.getFileName().toString()), file);
    }

    /**
     * Replays {@code file} from now on, until {@link #close()}, at the recorded pace (or without waiting when
     * {@code TRACEBOOK_REPLAY_SPEED=instant}). A recording that is corrupt or of a newer format fails here, saying so;
     * one cut short says so and replays up to where it ends.
     */
    public static Recording replay(Path file) {
        return replay(file, Backends.paced() ? Pace.RECORDED : Pace.INSTANT);
    }

    /** As {@link #replay(Path)}, at {@code pace}. */
    public static Recording replay(Path file, Pace pace) {
        return new Recording(Backends.replay(file, pace == Pace.RECORDED), file);
    }

    /** A machine traces come from: its host name and kernel release. */
    public record Machine(String host, String kernel) {
    }

    /**
     * What a recording holds, read without replaying it: where and when it was made ({@code what}: the notebook or
     * session; {@code cutShort}: why it ends early, or null), and its events, a table per stream named
     * "object/stream", decoded as the session decoded them, with a {@code received} column (when each arrived).
     */
    public record Contents(String host, String kernel, int cpus, Instant started, String what, String cutShort, List<Table> events) {
    }

    /** Reads {@code file}'s events; a corrupt or newer recording fails, saying so. */
    public static Contents read(Path file) {
        RecordedEvents r = RecordedEvents.read(file);
        return new Contents(r.host(), r.kernel(), r.cpus(), r.started(), r.what(), r.cutShort(), r.tables());
    }

    /** The machine this session's data comes from: this one, or in a replay the one the recording was made on. */
    public static Machine machine() {
        io.tracebook.bpf.record.Machine m = Backends.current().machine();
        return new Machine(m.host(), m.kernel());
    }

    /** Where objects made now come from (deciding it, from the environment, if nothing has yet). */
    public static Mode mode() {
        return Mode.valueOf(Backends.current().mode().name());
    }

    /**
     * Front ends call this as each notebook cell starts (the Tracebook kernel does): a recording keeps the cell's code,
     * and a replay that no longer matches names the cell ({@code label}, e.g. "cell [3]").
     */
    public static void cellStarted(String label, String code) {
        Cells.started(label, code);
    }

    public Path file() {
        return file;
    }

    /** Ends the recording (writing its end; a failure to write it is thrown here) or the replay. */
    @Override
    public void close() {
        if (Backends.current() == backend) Backends.end();
    }

    @Override
    public String toString() {
        return (backend.mode() == io.tracebook.bpf.record.Mode.RECORD ? "recording to " : "replaying ") + file;
    }
}
