package io.tracebook.bpf;

import io.tracebook.bpf.record.Backends;
import java.io.IOException;

/**
 * What a notebook computes from the machine it runs on — its own pid, a temporary directory, a port, a workload's
 * pid and output, a measured time — recorded with it, so that a replay on another machine gets the same identities
 * and filters the recorded events as the recording did. Live, each runs as written; recording, the result is kept;
 * replaying, the recorded result comes back without running anything (no privileges, no workload).
 *
 * <pre>
 * long me = Recorded.value("kernel pid", () -> ProcessHandle.current().pid());
 * Path dir = Recorded.value("temp dir", () -> Files.createTempDirectory("opensnoop"));
 * Recorded.run("open the files", () -> { for (...) Files.readString(dir.resolve(name)); });
 * Process napper = Recorded.process("napper", new ProcessBuilder(napper.toString()));
 * </pre>
 *
 * Names tell values apart: the n-th {@code value("x", ..)} of a replay gets the n-th recorded "x" (a cell run
 * again gets the last one again).
 */
public final class Recorded {
    private Recorded() {
    }

    /** Work that gives a value and may throw. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * {@code compute}'s result: kept by a recording, given back by a replay without computing it. It is a String,
     * Long, Integer, Double, Boolean, Path, byte[], long[], or a List or Map (String keys) of these.
     */
    public static <T> T value(String name, Work<T> compute) {
        try {
            return Backends.current().value(name, compute::call);
        } catch (Exception e) {
            throw Recorded.<RuntimeException>rethrow(e);
        }
    }

    /**
     * Runs {@code work} — a workload that makes events for the probes to see — live and when recording; a replay
     * skips it (its events are in the recording), taking as long as it took at the recorded pace.
     */
    public static void run(String name, Action work) {
        try {
            Backends.current().run(name, () -> {
                work.run();
                return null;
            });
        } catch (Exception e) {
            throw Recorded.<RuntimeException>rethrow(e);
        }
    }

    /**
     * Starts a process (a workload whose pid the probes filter on): a recording keeps its pid, what is read of its
     * output and its exit status; a replay starts nothing and gives a stand-in with the recorded pid and output.
     */
    public static Process process(String name, ProcessBuilder builder) {
        try {
            return Backends.current().process(name, builder);
        } catch (IOException e) {
            throw Recorded.<RuntimeException>rethrow(e);
        }
    }

    /** Throws {@code e} as it is, checked or not: a cell sees the IOException its work threw, not a wrapper. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }
}
