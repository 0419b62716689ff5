package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles BPF C with clang against the running kernel's BTF (CO-RE).
 *
 * <p><b>Prelude.</b> A source that does not {@code #include "vmlinux.h"} gets the standard prelude:
 * vmlinux.h, {@code <bpf/bpf_helpers.h>}, {@code <bpf/bpf_tracing.h>}, {@code <bpf/bpf_core_read.h>},
 * Tracebook's {@code tracebook.h}, and {@code char LICENSE[] SEC("license") = "GPL";} unless the source
 * has a license section of its own. The prelude is injected with clang's {@code -include-pch} and
 * {@code -include}; the source is compiled unchanged, so diagnostics and the object's line info use the
 * user's own line numbers. A source that includes vmlinux.h itself gets nothing injected; it can still
 * use the macros by including the headers in this order (all are found through {@link #includeDir()}):
 * <pre>{@code
 * #include "vmlinux.h"
 * #include <bpf/bpf_helpers.h>
 * #include "tracebook.h"
 * }</pre>
 *
 * <p><b>tracebook.h</b> defines map macros: {@code RINGBUF(name)} (16 MiB, resizable before load),
 * {@code PERFBUF(name)}, {@code HASH(name, K, V, n)}, {@code LRU_HASH}, {@code PERCPU_HASH},
 * {@code ARRAY(name, V, n)}, {@code PERCPU_ARRAY}, {@code STACK_TRACE(name, n)}. It also routes every
 * {@code bpf_ringbuf_reserve}/{@code bpf_ringbuf_reserve_dynptr}/{@code bpf_ringbuf_output} call
 * through a wrapper that counts failures in the global {@code __u64 tracebook_ringbuf_drops} (.bss),
 * because the kernel counts nothing when a ring buffer is full.
 *
 * <p><b>Caching.</b> vmlinux.h is generated once per kernel (bpftool, keyed by a fingerprint of
 * /sys/kernel/btf/vmlinux), the prelude is precompiled once (in the background: until that header
 * exists, snippets are compiled with the full prelude, giving identical objects), and objects are cached by a hash of the
 * source, the headers, the clang version and the flags; an unchanged source does not run clang again,
 * also across instances and processes sharing the cache directory.
 *
 * <p>Every failure, including a missing clang or bpftool, is a {@link CompileException}.
 */
public final class BpfCompiler {
    private static final String KEY_VERSION = "tracebook-object-3";

    private final Path cacheDir;
    private final List<String> flags = ClangFlags.forHost();
    private final ObjectCache objects;
    private Clang clang;
    private PreludeHeaders headers;
    private Path precompiledPrelude;
    private final AtomicLong pchCompilations = new AtomicLong();

    public BpfCompiler(Path cacheDir) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.objects = new ObjectCache(this.cacheDir.resolve("objects"));
    }

    /** The compiler on the user's cache directory: {@code $TRACEBOOK_CACHE}, else ~/.cache/tracebook. */
    public static BpfCompiler shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final BpfCompiler INSTANCE = new BpfCompiler(defaultCacheDir());

        private static Path defaultCacheDir() {
            String configured = System.getenv("TRACEBOOK_CACHE");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            return Path.of(System.getProperty("user.home"), ".cache", "tracebook");
        }
    }

    /** Compiles a snippet; it is written to the cache directory for clang, followed by its {@link TypeAnchors}. */
    public CompiledObject compile(String source) {
        Objects.requireNonNull(source, "source");
        return cacheErrors(() -> {
            Prelude prelude = Prelude.of(source);
            String key = objectKey("snippet", prelude, source);
            Path sourceFile = objects.sourceFile(key);
            if (!Files.isRegularFile(sourceFile)) {
                AtomicFiles.write(sourceFile, source + TypeAnchors.of(source));
            }
            return build(key, sourceFile, sourceFile, source, prelude);
        });
    }

    /**
     * Compiles a .bpf.c file where it is: a small file in the cache includes it by its absolute path
     * and adds its {@link TypeAnchors}, so its own {@code #include "..."} resolve relative to its directory.
     */
    public CompiledObject compileFile(Path bpfC) {
        Path file = bpfC.toAbsolutePath().normalize();
        return cacheErrors(() -> {
            String source;
            try {
                source = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CompileException("no BPF C source at " + file, List.of(), "");
            }
            Prelude prelude = Prelude.of(source);
            String key = objectKey(file.toString(), prelude, source);
            Path wrapper = objects.sourceFile(key);
            if (!Files.isRegularFile(wrapper)) {
                AtomicFiles.write(wrapper, "#include \"" + file + "\"\n" + TypeAnchors.of(source));
            }
            return build(key, wrapper, file, source, prelude);
        });
    }

    /**
     * How many times this instance ran clang to compile: objects and the precompiled prelude (whose
     * build it started in the background, finished or not). The
     * one-time {@code clang --version} probe (part of every cache key) is not counted.
     */
    public long clangRuns() {
        synchronized (this) {
            return clang == null ? 0 : clang.compilations();
        }
    }

    /** How many of this instance's object compilations used the precompiled prelude. */
    long precompiledPreludeCompiles() {
        return pchCompilations.get();
    }

    /** Waits for a build of the precompiled prelude this JVM started (for tests); true when the header is in place. */
    boolean awaitPrecompiledPrelude(Duration timeout) throws InterruptedException {
        return PrecompiledPrelude.awaitBuild(cacheErrors(this::precompiledPrelude), timeout);
    }

    /** The directory holding vmlinux.h and tracebook.h, for a program's own {@code #include}s. */
    public Path includeDir() {
        return cacheErrors(() -> headers().dir());
    }

    /** Compiles {@code compiled}, which is the user's file or includes it; diagnostics are reported against {@code userFile}. */
    private CompiledObject build(String key, Path compiled, Path userFile, String source, Prelude prelude) throws IOException {
        UserDiagnostics diagnostics = new UserDiagnostics(userFile, source);
        Optional<ObjectCache.Entry> hit = objects.lookup(key);
        ObjectCache.Entry entry = hit.isPresent() ? hit.get() : runClang(key, compiled, prelude, diagnostics);
        return new CompiledObject(entry.object(), userFile, source, hit.isPresent(),
                diagnostics.warnings(entry.clangOutput()));
    }

    private ObjectCache.Entry runClang(String key, Path sourceFile, Prelude prelude, UserDiagnostics diagnostics)
            throws IOException {
        Path object = objects.tempFile(key, ".o");
        Path dependencies = objects.tempFile(key, ".d");
        try {
            Path pch = prelude.needsPrecompiledHeader() ? precompiledPrelude() : null;
            boolean withPch = pch != null && PrecompiledPrelude.isReady(pch);
            List<String> args = clangArgs(sourceFile, prelude, withPch ? pch : null, object, dependencies);
            ProcessRunner.Result result = clang().compile(args);
            if (!result.succeeded() && withPch && result.output().contains(pch.toString())) {
                // clang refuses a precompiled header whose inputs changed (say, libbpf-dev was upgraded).
                PrecompiledPrelude.discard(pch);
                withPch = false;
                args = clangArgs(sourceFile, prelude, null, object, dependencies);
                result = clang().compile(args);
            }
            if (withPch) {
                pchCompilations.incrementAndGet();
            }
            if (pch != null && !withPch) {
                // Only now, so that the build does not slow down the compile the user is waiting for.
                PrecompiledPrelude.buildInBackground(clang(), flags, headers(), pch);
            }
            if (!result.succeeded()) {
                throw diagnostics.failure(result.output(), String.join(" ", clang().commandLine(args)));
            }
            List<Path> userFiles = ObjectCache.userDependencies(
                    DependencyFile.prerequisites(Files.readString(dependencies)), headers());
            return objects.store(key, object, result.output(), userFiles);
        } finally {
            Files.deleteIfExists(object);
            Files.deleteIfExists(dependencies);
        }
    }

    private List<String> clangArgs(Path sourceFile, Prelude prelude, Path pch, Path object, Path dependencies)
            throws IOException {
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("-I", headers().dir().toString()));
        args.addAll(prelude.clangArgs(headers(), pch));
        args.addAll(List.of("-MMD", "-MF", dependencies.toString(), "-c", sourceFile.toString(),
                "-o", object.toString()));
        return args;
    }

    private String objectKey(String origin, Prelude prelude, String source) throws IOException {
        List<String> parts = new ArrayList<>(List.of(KEY_VERSION, origin, prelude.name(), source,
                headers().fingerprint(), clang().version()));
        parts.addAll(flags);
        return Sha256.ofParts(parts).substring(0, 32);
    }

    private synchronized Clang clang() {
        if (clang == null) {
            clang = Clang.locate();
        }
        return clang;
    }

    private synchronized PreludeHeaders headers() throws IOException {
        if (headers == null) {
            probeClangVersionMeanwhile();
            headers = PreludeHeaders.forKernel(cacheDir, VmlinuxHeader.KERNEL_BTF);
        }
        return headers;
    }

    /** Every cache key needs {@code clang --version}; it runs while vmlinux.h is found or generated. */
    private void probeClangVersionMeanwhile() {
        try {
            CompletableFuture.runAsync(clang()::version);
        } catch (CompileException noClang) {
            // reported when clang is needed; a missing bpftool is reported first, as before
        }
    }

    /** Where the precompiled prelude for this kernel, clang and flags is (or will be). */
    synchronized Path precompiledPrelude() throws IOException {
        if (precompiledPrelude == null) {
            precompiledPrelude = PrecompiledPrelude.location(headers(), clang().version(), flags);
        }
        return precompiledPrelude;
    }

    private interface CacheWork<T> {
        T run() throws IOException;
    }

    private <T> T cacheErrors(CacheWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new CompileException("the compile cache " + cacheDir + " is not usable (" + e
                    + "); make it writable or set TRACEBOOK_CACHE to another directory", List.of(), "");
        }
    }
}
