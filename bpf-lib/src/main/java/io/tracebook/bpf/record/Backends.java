package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.PermissionException;
import io.tracebook.bpf.error.RecordingException;
import io.tracebook.bpf.sys.Capabilities;
import io.tracebook.bpf.sys.HostFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the session's {@link Backend} at its first use: {@code TRACEBOOK_MODE} ({@code live}, {@code record} with
 * {@code TRACEBOOK_RECORDING=FILE}, {@code replay}), or else live when the process may use BPF (CAP_BPF and
 * CAP_PERFMON, or CAP_SYS_ADMIN) and a replay of the recording {@link RecordingLocator} finds when it may not.
 * {@code TRACEBOOK_REPLAY_SPEED=instant} replays without waiting (the tests), {@code recorded} (the default) at the
 * recorded pace. A library session can also start recording or replaying explicitly.
 */
public final class Backends {
    public static final String MODE = "TRACEBOOK_MODE";
    public static final String RECORDING = "TRACEBOOK_RECORDING";
    public static final String SPEED = "TRACEBOOK_REPLAY_SPEED";
    /** What a recording made through the environment records (a notebook's path, for the hint to record it again). */
    public static final String RECORDING_OF = "TRACEBOOK_RECORDING_OF";

    private static final String NAME_ONE = "name a recording with " + RECORDING
            + "=FILE (./tracebook record makes one beside each notebook)";
    private static boolean endsAtExit;
    private static Backend current;

    private Backends() {
    }

    public static synchronized Backend current() {
        if (current == null) begin(fromEnvironment());
        return current;
    }

    /** The backend in use, or null before the first use (nothing chosen yet). */
    static synchronized Backend started() {
        return current;
    }

    /** True when the environment asks for a recording ({@code TRACEBOOK_MODE=record}). */
    static boolean recordingFromEnvironment() {
        return "record".equalsIgnoreCase(System.getenv().getOrDefault(MODE, "").strip());
    }

    /** Ends the session in use and records to {@code file} from now on. */
    public static synchronized Backend record(Path file, String what) {
        end();
        begin(Recorder.start(file, what));
        return current;
    }

    /** Ends the session in use and replays {@code file} from now on. */
    public static synchronized Backend replay(Path file, boolean paced) {
        Replayer replayer = Replayer.of(TapeReader.read(file), paced);
        end();
        begin(replayer);
        return current;
    }

    /** Ends the session in use (a recording writes its end); the next use chooses afresh. */
    public static synchronized void end() {
        Backend ending = current;
        current = null;
        HostFiles.use(HostFiles.REAL);
        if (ending != null) ending.close();
    }

    private static void begin(Backend backend) {
        current = backend;
        HostFiles.use(backend.files());
        endAtExit();
    }

    private static Backend fromEnvironment() {
        String mode = System.getenv().getOrDefault(MODE, "").strip().toLowerCase(Locale.ROOT);
        String missing = Capabilities.missingForTracing();
        Backend chosen = switch (mode) {
            case "live" -> LiveBackend.INSTANCE;
            case "record" -> {
                String file = System.getenv(RECORDING);
                if (file == null || file.isBlank()) {
                    throw new BpfException(MODE + "=record needs " + RECORDING + "=FILE, the recording to write");
                }
                String what = System.getenv().getOrDefault(RECORDING_OF, Path.of(file).getFileName().toString());
                yield Recorder.start(Path.of(file), what);
            }
            case "replay" -> {
                Path file = RecordingLocator.find();
                if (file == null) throw new RecordingException(null, MODE + "=replay asks for a replay, and there is no recording: "
                        + NAME_ONE);
                yield Replayer.of(TapeReader.read(file), paced());
            }
            case "" -> {
                if (missing == null) yield LiveBackend.INSTANCE;
                Path file = RecordingLocator.find();
                if (file == null) {
                    throw new PermissionException("this process may not use BPF (it lacks " + missing + "), and there is no recording "
                            + "to replay: run as root (or with CAP_BPF and CAP_PERFMON) to trace live, or " + NAME_ONE, missing);
                }
                yield Replayer.of(TapeReader.read(file), paced());
            }
            default -> throw new BpfException(MODE + " is '" + mode + "': say live, record or replay (or leave it unset)");
        };
        return chosen;
    }

    /** A recording the JVM's exit interrupts still gets its end written. */
    private static void endAtExit() {
        if (endsAtExit) return;
        endsAtExit = true;
        Runtime.getRuntime().addShutdownHook(new Thread(Backends::endQuietly, "tracebook-end-session"));
    }

    private static void endQuietly() {
        try {
            end();
        } catch (BpfException e) {
            System.err.println("tracebook: " + e.getMessage());
        }
    }

    /** True unless {@code TRACEBOOK_REPLAY_SPEED=instant}. */
    public static boolean paced() {
        return !"instant".equalsIgnoreCase(System.getenv().getOrDefault(SPEED, "recorded").strip());
    }

}
