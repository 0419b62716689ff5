package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.compile.SpareClangs;
import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's bar, as a test: hostile and careless sources (hand-made nasties, {@link FuzzNasties}, and seeded mutants
 * of valid programs, {@link FuzzMutants}) through {@code Bpf.c(..).load().attach()} in one JVM. Every case must return,
 * or end once interrupted as the stop button does; throw nothing but BpfException kinds, with a message that is not
 * empty, is a few short lines and names no file of the cache; and afterwards no program, link, map or file descriptor
 * is left and the heap is where it was.
 */
class HostileInputFuzzTest {
    private static final long SEED = 16;
    private static final int MUTANTS = 250;
    /** Every case ends within the compile's time limit; past this, it is a hang, and is interrupted. */
    private static final Duration HANG = BpfCompiler.TIME_LIMIT.plusSeconds(30);
    /** How long a case may take to end once interrupted before it counts as a hang (it takes ~50 ms here). */
    private static final Duration STOP = Duration.ofSeconds(10);
    /** Ten lines of message, plus the line saying the object was closed. */
    private static final int MAX_LINES = 11;
    private static final int MAX_LINE_LENGTH = 500;
    private static final Pattern INTERNAL = Pattern.compile("[0-9a-f]{32}|objects-4|/\\.build-|/objects/");
    /**
     * How much the heap after a full GC may grow over the run. Measured: +0.1 to +0.3 MiB in three runs of 345 cases
     * (the JIT's and class loading's own data); 4 MiB still catches a leak of 12 KB a case, and any leak of the sources,
     * which are up to 4 MiB each.
     */
    private static final long HEAP_GROWTH = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void hostileInputNeverHangsLeaksOrMisleads() throws Exception {
        KernelAccess.require();
        List<FuzzCase> cases = new ArrayList<>(FuzzNasties.all(dir));
        cases.addAll(FuzzMutants.of(SEED, MUTANTS));
        runCase(cases.getFirst()); // loads libbpf, compiles the prelude: what stays for the JVM's life
        KernelObjects.Counts kernelBefore = KernelObjects.now(FuzzMutants.PREFIX);
        System.gc(); // closes what the bpftool runs of KernelObjects left open (their stdin pipes): theirs, not ours
        SpareClangs.discard(); // the clang started for the next compile holds its pipe and a named pipe, by design
        Map<String, Integer> fdsBefore = OpenFds.now();
        int loadedBefore = Bpf.loaded().size();
        long heapBefore = heapAfterGc();
        long started = System.nanoTime();

        List<String> defects = new ArrayList<>();
        int succeeded = 0;
        long slowestStop = 0;
        List<String> slowest = new ArrayList<>();
        for (FuzzCase c : cases) {
            long caseStarted = System.nanoTime();
            Outcome outcome = runCase(c);
            slowest.add("%6.2f s %s".formatted((System.nanoTime() - caseStarted) / 1e9, c.name()));
            slowestStop = Math.max(slowestStop, outcome.stopNanos());
            if (outcome.thrown() == null) succeeded++;
            String defect = outcome.defect();
            if (defect != null) defects.add(c.name() + ": " + defect);
        }

        SpareClangs.discard();
        Map<String, Integer> fdsAfter = OpenFds.now();
        long heapAfter = heapAfterGc();
        System.out.printf("fuzz: %d cases (%d loaded and attached) in %.1f s; slowest stop %.0f ms; heap %+.1f MiB%n",
                cases.size(), succeeded, (System.nanoTime() - started) / 1e9, slowestStop / 1e6, (heapAfter - heapBefore) / 1048576.0);
        slowest.sort(java.util.Comparator.reverseOrder());
        System.out.println("fuzz: the slowest cases\n" + String.join("\n", slowest.subList(0, Math.min(8, slowest.size()))));
        assertEquals(List.of(), defects, "cases that hung, threw something else, or said something they must not");
        assertEquals(kernelBefore, KernelObjects.await(FuzzMutants.PREFIX, kernelBefore), "programs and links left in the kernel");
        assertEquals(0, mapsNamed(FuzzMutants.PREFIX), "maps left in the kernel");
        assertEquals(fdsBefore, fdsAfter, "file descriptors of this JVM");
        assertEquals(loadedBefore, Bpf.loaded().size(), "objects left loaded");
        assertEquals(true, heapAfter - heapBefore < HEAP_GROWTH,
                "heap grew by " + (heapAfter - heapBefore) / 1048576 + " MiB after a full GC");
    }

    /** What happened to one case: what it threw (null when it loaded and attached), and how long a stop took. */
    private record Outcome(Throwable thrown, boolean hung, long stopNanos) {
        /** What is wrong with the outcome, or null. */
        String defect() {
            if (hung) return "did not end " + STOP.toSeconds() + " s after an interrupt";
            if (thrown == null) return null;
            if (!(thrown instanceof BpfException)) return "threw " + thrown + stackOf(thrown);
            String message = thrown.getMessage();
            if (message == null || message.isBlank()) return "an empty message";
            List<String> lines = message.lines().toList();
            if (lines.size() > MAX_LINES) return lines.size() + " lines of message: " + message;
            if (lines.stream().anyMatch(l -> l.length() > MAX_LINE_LENGTH)) return "a message line over " + MAX_LINE_LENGTH + " characters";
            if (INTERNAL.matcher(message).find() || message.contains(cacheDir())) return "names an internal file: " + message;
            return null;
        }
    }

    private static Outcome runCase(FuzzCase c) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name("harden-fuzz").start(() -> {
            try (BpfObject o = Bpf.c(c.source()).load().attach()) {
                o.toString();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Duration wait = c.interruptAfter() != null ? c.interruptAfter() : HANG;
        if (worker.join(wait)) return new Outcome(thrown.get(), false, 0);
        long interrupted = System.nanoTime();
        worker.interrupt();
        boolean ended = worker.join(STOP);
        return new Outcome(thrown.get(), !ended, System.nanoTime() - interrupted);
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String cacheDir() {
        String configured = System.getenv("TRACEBOOK_CACHE");
        return configured != null && !configured.isBlank() ? configured : Path.of(System.getProperty("user.home"), ".cache", "tracebook").toString();
    }

    private static String stackOf(Throwable t) {
        StringBuilder frames = new StringBuilder();
        for (StackTraceElement frame : t.getStackTrace()) frames.append("\n    at ").append(frame);
        return frames.toString();
    }

    /** Maps in the whole kernel whose name starts with {@code prefix}. */
    private static int mapsNamed(String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "-j", "map", "show").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        int count = 0;
        for (int at = out.indexOf("\"name\":\"" + prefix); at >= 0; at = out.indexOf("\"name\":\"" + prefix, at + 1)) count++;
        return count;
    }
}
