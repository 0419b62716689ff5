package io.tracebook.bpf.record;

import io.tracebook.bpf.sys.HostFiles;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Where this session's objects and recorded values come from: the kernel ({@link Mode#LIVE}), the kernel with a
 * recording kept ({@link Mode#RECORD}), or a recording ({@link Mode#REPLAY}). {@link Backends#current()} is the one in use.
 */
public interface Backend {
    Mode mode();

    /** Where the machine's kernel-describing files are read from (tracefs, kernel BTF): kept by a recording, answered by a replay. */
    HostFiles.Reader files();

    /** The host and kernel the session's data comes from: this machine's, or in a replay the recording's. */
    Machine machine();

    /**
     * The opened object for {@code source} (C text, or for a prebuilt object "sha256:" and its digest) from
     * {@code file} (null for a snippet): {@code compileAndOpen} makes it from the kernel's side, except in a replay,
     * which finds the recorded one instead (and fails, naming the cell, when the recording has none like it).
     */
    OpenedObject open(String source, String file, Supplier<OpenedObject> compileAndOpen);

    /**
     * For {@code file}, which this machine lacks: in a replay, what the next object opened from it was recorded with
     * (its C, or a prebuilt object's digest), to open it by; live or recording, empty.
     */
    Optional<String> recordedSource(String file);

    /** {@code compute}'s result, kept by a recording; in a replay the recorded result, without computing it. */
    <T> T value(String name, Callable<T> compute) throws Exception;

    /** Runs {@code work}, timed by a recording; a replay skips it (and, paced, takes as long as it took). */
    void run(String name, Callable<?> work) throws Exception;

    /** Starts the process; a recording keeps its pid, what was read of its output and its exit; a replay plays those back. */
    Process process(String name, ProcessBuilder builder) throws IOException;

    /** Names of addresses in {@code scope} ("kernel", "pid 42"): {@code real} names them, a recording keeps the names, a replay gives them back. */
    LongFunction<String> symbols(String scope, Supplier<LongFunction<String>> real);

    /** A cell of a notebook starts (the kernel says so): a recording keeps its code. */
    void cellStarted(String label, String code);

    /** Ends the session: a recording writes its end (and throws a failure to write it). */
    void close();
}
