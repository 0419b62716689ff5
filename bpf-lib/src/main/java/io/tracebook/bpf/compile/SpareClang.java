package io.tracebook.bpf.compile;

import io.tracebook.bpf.ffi.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A clang started ahead of the next compile, waiting for its source. Clang 14 spends ~90 ms here before it reads a
 * byte (the dynamic loader relocating libLLVM and libclang-cpp, and the page faults that takes: BENCHMARKS.md), more
 * than half of compiling a snippet; a spare spends it while the user is still writing the next cell.
 *
 * <p>A spare runs the command line of the compile it expects, the last one's (same flags, options, prelude and file
 * name), in a temporary directory of its own (not in the cache, which may go away meanwhile) where the source file is
 * a named pipe: clang opens it and waits for its end. The compile then puts the real file in the pipe's place (clang
 * reads the source a second time, by name, for the BTF line info) and writes the text into the pipe; clang reads it
 * and goes on as if it had been started just now, so the object and the diagnostics are the same as a fresh clang's.
 * What clang wrote is then moved into the compile's workspace. A compile with another command line runs clang
 * afresh and leaves the next spare for its own. One spare per JVM: an idle clang holds ~74 MB. It is stopped when
 * the JVM exits; should the JVM be killed, it reads an empty source and ends, and runs under timeout(1) in case it
 * had not opened the pipe yet (then it would wait for a writer for ever).
 */
final class SpareClang {
    /**
     * A source up to this size goes through the pipe, larger ones to a fresh clang: a pipe holds at least a page even
     * when the user's pipe quota is spent (pipe(7)), so writing it cannot block even if clang never reads it.
     */
    static final int MAX_SOURCE_BYTES = 4096;
    /** A spare older than this is not used (a system's /tmp cleaner may have visited it), but replaced. */
    static final Duration MAX_AGE = Duration.ofMinutes(30);
    /**
     * How long a spare may live: twice {@link #MAX_AGE}, then timeout(1) ends it whatever became of this JVM. Not
     * {@code Duration.multipliedBy}: it computes with BigDecimal, whose first use costs a fresh JVM 10-50 ms of class
     * initialisation between bpftool and clang on the first compile.
     */
    private static final String LIFETIME_SECONDS = Long.toString(MAX_AGE.toSeconds() * 2);
    private static final AtomicReference<SpareClang> WAITING = new AtomicReference<>();
    /** Held while a spare starts, and by the JVM's exit, after which none starts. */
    private static final Object STARTING = new Object();
    private static boolean exiting;
    /** Spares asked for and not started yet (guarded by {@link #STARTING}). */
    private static int starts;

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            synchronized (STARTING) {
                exiting = true;
                discardWaiting();
            }
        }));
    }

    private final List<String> commandLine;
    private final Path dir;
    private final Path source;
    private final FileChannel pipe;
    private final ProcessRunner.Running clang;
    private final long startedNanos = System.nanoTime();

    private SpareClang(List<String> commandLine, Path dir, Path source, FileChannel pipe, ProcessRunner.Running clang) {
        this.commandLine = commandLine;
        this.dir = dir;
        this.source = source;
        this.pipe = pipe;
        this.clang = clang;
    }

    /**
     * Starts, on a thread of its own, a spare for a compile of a {@code fileName} with {@code args} (without the
     * executable), replacing the one waiting unless that one is for the same command line.
     */
    static void prepare(Clang clang, List<String> args, String fileName) {
        SpareClang waiting = WAITING.get();
        if (waiting != null && waiting.commandLine.equals(clang.commandLine(args)) && waiting.clang.isAlive()
                && System.nanoTime() - waiting.startedNanos < MAX_AGE.toNanos() / 2) {
            return;
        }
        synchronized (STARTING) {
            starts++;
        }
        Thread.ofPlatform().daemon().name("tracebook-spare-clang").start(() -> {
            synchronized (STARTING) {
                try {
                    SpareClang spare = exiting ? null : start(clang, args, fileName);
                    SpareClang replaced = spare == null ? null : WAITING.getAndSet(spare);
                    if (replaced != null) replaced.discard();
                } finally {
                    starts--;
                    STARTING.notifyAll();
                }
            }
        });
    }

    /** A spare started now, or null when the pipe could not be made (a spare only saves time: nothing is lost). */
    private static SpareClang start(Clang clang, List<String> args, String fileName) {
        Path timeout = Executables.find("timeout").orElse(null);
        if (timeout == null) return null;
        Path dir = null;
        FileChannel pipe = null;
        try {
            dir = AtomicFiles.tempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tracebook-spare-clang-");
            Path source = dir.resolve(fileName);
            try (Arena arena = Arena.ofConfined()) {
                if (LibC.mkfifo(arena.allocateFrom(source.toString()), 0600) != 0) throw new IOException("mkfifo failed");
            }
            // Read and write: opening a pipe so never waits for the other end (fifo(7)); clang sees the end of the source
            // when this, the only writer, is closed.
            pipe = FileChannel.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new SpareClang(clang.commandLine(args), dir, source, pipe, clang.startSpare(
                    List.of(timeout.toString(), LIFETIME_SECONDS), args, dir));
        } catch (IOException | RuntimeException e) {
            closeQuietly(pipe, dir);
            return null;
        }
    }

    /** The waiting spare when it was started for {@code commandLine} and can take {@code text}; else null. */
    static SpareClang take(List<String> commandLine, String text) {
        awaitStarts();
        SpareClang spare = WAITING.get();
        if (spare == null || !spare.commandLine.equals(commandLine)
                || text.length() > MAX_SOURCE_BYTES || utf8(text).length > MAX_SOURCE_BYTES
                || !WAITING.compareAndSet(spare, null)) {
            return null;
        }
        if (spare.clang.isAlive() && System.nanoTime() - spare.startedNanos < MAX_AGE.toNanos()) return spare;
        spare.discard();
        return null;
    }

    /**
     * Waits for the spares asked for to be started (a few milliseconds: a pipe and a fork). A compile right after
     * the last one takes the spare that one asked for, rather than running a fresh clang beside it on the same CPUs.
     */
    private static void awaitStarts() {
        boolean interrupted = false;
        synchronized (STARTING) {
            while (starts > 0) {
                try {
                    STARTING.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Compiles {@code text} and moves what clang wrote into {@code workDir}: clang's result within {@code timeLimit}
     * from now, or null when the spare could not take it (then it is gone: compile afresh). The spare is used up.
     */
    ProcessRunner.Result compileInto(Path workDir, String text, Duration timeLimit) {
        byte[] bytes = utf8(text);
        try {
            Path file = Files.write(dir.resolve(".source"), bytes);
            Files.move(file, source, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (pipe) {
                pipe.write(ByteBuffer.wrap(bytes));
            }
            ProcessRunner.Result result = clang.await(timeLimit);
            try (Stream<Path> written = Files.list(dir)) {
                for (Path output : written.filter(f -> !f.equals(source)).toList()) {
                    Files.move(output, workDir.resolve(output.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return result;
        } catch (IOException e) {
            clang.stop();
            return null;
        } finally {
            closeQuietly(pipe, dir);
        }
    }

    /** The command line of the spare waiting, empty when none is (for tests: spares start in the background). */
    static List<String> waitingFor() {
        SpareClang spare = WAITING.get();
        return spare != null && spare.clang.isAlive() ? spare.commandLine : List.of();
    }

    /** Waits for the spares asked for to start, then stops the one waiting (for tests that count this JVM's files). */
    static void discardAll() {
        awaitStarts();
        discardWaiting();
    }

    /** Stops the spare waiting, if any, and deletes its workspace. */
    static void discardWaiting() {
        SpareClang spare = WAITING.getAndSet(null);
        if (spare != null) spare.discard();
    }

    private void discard() {
        clang.stop();
        closeQuietly(pipe, dir);
    }

    private static void closeQuietly(FileChannel pipe, Path dir) {
        try (pipe) {
            if (dir != null) AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            // a few bytes left in the temporary directory; nothing refers to them
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
