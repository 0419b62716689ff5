package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * source, the headers, the clang version and the flags ({@link ObjectCache}: verified on every use, bounded,
 * nothing kept of a failed compile); an unchanged source does not run clang again, also across instances and
 * processes sharing the cache directory, which must be the user's alone ({@link CacheDirectory}).
 *
 * <p><b>Untrusted input.</b> A source is checked before clang sees it ({@link SourceText}); clang runs in a
 * directory of its own with no stdin, within {@link #TIME_LIMIT} and {@link ProcessRunner#OUTPUT_LIMIT}, and
 * interrupting the calling thread stops it. A source may include only regular files.
 *
 * <p>Every failure, including a missing clang or bpftool, is a {@link CompileException}.
 */
public final class BpfCompiler {
    /**
     * How long one clang run may take. The slowest of 58 libbpf-tools programs (tcppktlat.bpf.c, runqslower.bpf.c)
     * compiled in 1.9 s here with the full vmlinux.h at load average 7.8 on 2 CPUs; 30 s leaves 15 times that.
     */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final String KEY_VERSION = "tracebook-object-4";
    /** What a snippet is called where clang compiles it: diagnostics and the object's line info name it so. */
    private static final String SNIPPET_FILE = "snippet.bpf.c";
    /** The file that includes a .bpf.c from where it is. */
    private static final String WRAPPER_FILE = "include.bpf.c";
    private static final String OBJECT_FILE = ObjectCache.OBJECT;
    private static final String DEPENDENCY_FILE = "dependencies.d";
    /** A notebook's cells, and then some: a re-run of any of them skips the work before the cache lookup. */
    private static final int REMEMBERED_SNIPPETS = 256;

    private final Path configuredDir;
    private final Duration timeLimit;
    private final List<String> flags = ClangFlags.forHost();
    private Path cacheDir;
    private ObjectCache objects;
    private Clang clang;
    private PreludeHeaders headers;
    private Path precompiledPrelude;
    private final AtomicLong pchCompilations = new AtomicLong();
    private final AtomicLong spareCompilations = new AtomicLong();
    /** {@link #snippetUnit}s of the snippets compiled last, least recently used first. */
    private final Map<Snippet, Unit> snippetUnits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Snippet, Unit> eldest) {
            return size() > REMEMBERED_SNIPPETS;
        }
    };

    public BpfCompiler(Path cacheDir) {
        this(cacheDir, TIME_LIMIT);
    }

    /** A compiler whose clang runs may take {@code timeLimit} each. */
    BpfCompiler(Path cacheDir, Duration timeLimit) {
        this.configuredDir = cacheDir.toAbsolutePath().normalize();
        this.timeLimit = timeLimit;
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

    /** Compiles a snippet; clang compiles it as {@value #SNIPPET_FILE}, followed by its {@link TypeAnchors}. */
    public CompiledObject compile(String source) {
        return compile(source, ClangOptions.NONE);
    }

    /** As {@link #compile(String)}, with the user's include directories and macro definitions. */
    public CompiledObject compile(String source, ClangOptions options) {
        Objects.requireNonNull(source, "source");
        return cacheErrors(() -> build(snippetUnit(new Snippet(source, options))));
    }

    /** A snippet and its options, as {@link #compile} was given them. */
    private record Snippet(String source, ClangOptions options) {
    }

    /**
     * What {@link #compile} compiles. Kept for a snippet without a quoted {@code #include}, so that re-running an
     * unchanged cell skips the source checks, the type anchors and the key's hash (0.5-0.8 ms before the JIT has
     * compiled them, a sixth of an unchanged re-run); a user's header may change between runs, and its structs
     * change the anchors and so the key. The cache entry itself is looked up and checked every time.
     */
    private Unit snippetUnit(Snippet snippet) throws IOException {
        synchronized (snippetUnits) {
            Unit known = snippetUnits.get(snippet);
            if (known != null) return known;
        }
        String source = snippet.source();
        SourceText.check(source, "the source");
        Prelude prelude = Prelude.of(source);
        String anchors = TypeAnchors.of(source, null, snippet.options().includeDirs(), headers()::contains);
        Unit unit = new Unit(objectKey("snippet", prelude, source + anchors, snippet.options()), SNIPPET_FILE, source + anchors,
                SNIPPET_FILE, null, source, prelude, snippet.options());
        if (!TypeAnchors.includesHeaders(source)) {
            synchronized (snippetUnits) {
                snippetUnits.put(snippet, unit);
            }
        }
        return unit;
    }

    /**
     * Compiles a .bpf.c file where it is: a small file includes it by its absolute path and adds its
     * {@link TypeAnchors}, so its own {@code #include "..."} resolve relative to its directory.
     */
    public CompiledObject compileFile(Path bpfC) {
        return compileFile(bpfC, ClangOptions.NONE);
    }

    /** As {@link #compileFile(Path)}, with the user's include directories and macro definitions. */
    public CompiledObject compileFile(Path bpfC, ClangOptions options) {
        Path file = bpfC.toAbsolutePath().normalize();
        return cacheErrors(() -> {
            String source;
            try {
                source = SourceText.read(file);
            } catch (NoSuchFileException e) {
                throw new CompileException("no BPF C source at " + file, List.of(), "");
            }
            Prelude prelude = Prelude.of(source);
            String anchors = TypeAnchors.of(source, file.getParent(), options.includeDirs(), headers()::contains);
            return build(new Unit(objectKey(file.toString(), prelude, source + anchors, options), WRAPPER_FILE,
                    "#include \"" + file + "\"\n" + anchors, file.toString(), file, source, prelude, options));
        });
    }

    /**
     * One compilation: {@code text} is compiled as {@code fileName}; diagnostics in {@code userFile} (as clang names
     * it) are the user's own lines of {@code source}; {@code userPath} is the user's file, null for a snippet;
     * {@code options}: the user's include directories and macros.
     */
    private record Unit(String key, String fileName, String text, String userFile, Path userPath, String source,
                        Prelude prelude, ClangOptions options) {
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

    /** How many of this instance's object compilations a {@link SpareClang} ran. */
    long spareClangCompiles() {
        return spareCompilations.get();
    }

    /** Waits for a build of the precompiled prelude this JVM started (for tests); true when the header is in place. */
    boolean awaitPrecompiledPrelude(Duration timeout) throws InterruptedException {
        return PrecompiledPrelude.awaitBuild(cacheErrors(this::precompiledPrelude), timeout);
    }

    /** The directory holding vmlinux.h and tracebook.h, for a program's own {@code #include}s. */
    public Path includeDir() {
        return cacheErrors(() -> headers().dir());
    }

    private CompiledObject build(Unit unit) throws IOException {
        UserDiagnostics diagnostics = new UserDiagnostics(unit.userFile(), unit.source(), headers(), unit.options().includeDirs());
        Optional<ObjectCache.Entry> hit = objects().lookup(unit.key());
        if (hit.isPresent()) return compiled(unit, hit.get(), true, diagnostics);
        // The precompiled prelude was built without the user's directories and macros, which may change what the
        // prelude's headers mean (newer libbpf headers, say): with options, the prelude is parsed afresh.
        Path pch = unit.prelude().needsPrecompiledHeader() && unit.options().isEmpty() ? precompiledPrelude() : null;
        boolean withPch = pch != null && PrecompiledPrelude.isReady(pch);
        List<String> args = clangArgs(unit, withPch ? pch : null);
        SpareClang spare = SpareClang.take(clang().commandLine(args), unit.text());
        try (ObjectCache.Workspace workspace = objects().workspace(unit.key())) {
            Files.writeString(workspace.dir().resolve(unit.fileName()), unit.text());
            ProcessRunner.Result result = spare != null ? spare.compileInto(workspace.dir(), unit.text(), timeLimit) : null;
            if (result != null) {
                clang().countSpareUse();
                spareCompilations.incrementAndGet();
            } else {
                result = clang().compile(args, workspace.dir(), timeLimit);
            }
            if (result.ending() == ProcessRunner.Ending.EXITED && result.exitCode() != 0 && withPch
                    && result.output().contains(pch.toString())) {
                // clang refuses a precompiled header whose inputs changed (say, libbpf-dev was upgraded).
                PrecompiledPrelude.discard(pch);
                withPch = false;
                args = clangArgs(unit, null);
                result = clang().compile(args, workspace.dir(), timeLimit);
            }
            if (withPch) {
                pchCompilations.incrementAndGet();
            }
            // Only now, so that the build does not slow down the compile the user is waiting for.
            Optional<Process> build = pch != null && !withPch ? PrecompiledPrelude.buildInBackground(clang(), flags, headers(), pch)
                    : Optional.empty();
            prepareSpare(unit, args, pch, build);
            if (!result.succeeded()) {
                throw diagnostics.failure(result, String.join(" ", clang().commandLine(args)), timeLimit);
            }
            List<Path> userHeaders = includedFiles(workspace.dir());
            return compiled(unit, objects().store(unit.key(), workspace, result.output(), userHeaders), false, diagnostics);
        }
    }

    /**
     * Starts the clang for the next compile (SpareClang) with this one's command line ({@code args}); but after a
     * compile that started the precompiled prelude's build ({@code build}, making {@code pch}), only once that build
     * has ended, with the command line the next compile will then use. Started at once, that spare would be for the
     * full header the next compile no longer uses, and its start (~0.1 s of CPU) would compete with the first
     * compile's open, load and attach on a machine of two CPUs, where the build already runs.
     */
    private void prepareSpare(Unit unit, List<String> args, Path pch, Optional<Process> build) throws IOException {
        Clang clang = clang();
        if (build.isEmpty()) {
            SpareClang.prepare(clang, args, unit.fileName());
            return;
        }
        List<String> withPch = clangArgs(unit, pch);
        build.get().onExit().thenRun(() -> SpareClang.prepare(clang, PrecompiledPrelude.isReady(pch) ? withPch : args, unit.fileName()));
    }

    private static CompiledObject compiled(Unit unit, ObjectCache.Entry entry, boolean cached, UserDiagnostics diagnostics) {
        Path sourceFile = unit.userPath() != null ? unit.userPath() : entry.dir().resolve(unit.fileName());
        return new CompiledObject(entry.object(), sourceFile, unit.source(), cached, diagnostics.warnings(entry.clangOutput()));
    }

    private List<String> clangArgs(Unit unit, Path pch) throws IOException {
        List<String> args = new ArrayList<>(flags);
        args.addAll(unit.options().clangArgs());
        args.addAll(List.of("-I", headers().dir().toString()));
        args.addAll(unit.prelude().clangArgs(headers(), pch));
        args.addAll(List.of("-MMD", "-MF", DEPENDENCY_FILE, "-c", unit.fileName(), "-o", OBJECT_FILE));
        return args;
    }

    /**
     * The files the source included that are worth re-checking before a cached object is used: the user's own,
     * not the prelude's. Each must be a regular file: clang reads a device as empty, but hashing /dev/zero never ends.
     */
    private List<Path> includedFiles(Path workDir) throws IOException {
        Path dependencyFile = workDir.resolve(DEPENDENCY_FILE);
        // Decoded leniently: a path that is no UTF-8 becomes one that names no file, and is refused as such below.
        List<Path> prerequisites = DependencyFile.prerequisites(new String(Files.readAllBytes(dependencyFile), StandardCharsets.UTF_8));
        Files.delete(dependencyFile);
        List<Path> user = new ArrayList<>();
        for (Path prerequisite : prerequisites) {
            Path path = workDir.resolve(prerequisite).normalize();
            if (path.startsWith(workDir) || headers().contains(path)) continue;
            if (!Files.isRegularFile(path)) {
                throw new CompileException("the source includes " + prerequisite + ", which is "
                        + (Files.isDirectory(path) ? "a directory" : "not a file (a device, a pipe or a socket)")
                        + "; include only source files", List.of(), "");
            }
            user.add(path);
        }
        return user;
    }

    private String objectKey(String origin, Prelude prelude, String source, ClangOptions options) throws IOException {
        List<String> parts = new ArrayList<>(List.of(KEY_VERSION, origin, prelude.name(), source,
                headers().fingerprint(), clang().version()));
        parts.addAll(flags);
        parts.addAll(options.clangArgs());
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
            Path cache = cacheDir();
            CacheDirectory.subdirectory(cache, PreludeHeaders.DIRECTORY);
            headers = PreludeHeaders.forKernel(cache, VmlinuxHeader.KERNEL_BTF, this::probeClangVersionMeanwhile);
        }
        return headers;
    }

    private synchronized ObjectCache objects() throws IOException {
        if (objects == null) {
            objects = new ObjectCache(CacheDirectory.subdirectory(cacheDir(), ObjectCache.LAYOUT));
        }
        return objects;
    }

    /** The cache directory, once checked to be the user's alone. */
    private synchronized Path cacheDir() throws IOException {
        if (cacheDir == null) {
            cacheDir = CacheDirectory.secure(configuredDir);
        }
        return cacheDir;
    }

    /**
     * Every cache key needs {@code clang --version}; it runs while vmlinux.h is found or generated, started after
     * bpftool: the first process a JVM starts pays for the JDK's process classes (0.1-0.3 s here), and bpftool, on the
     * critical path, should not wait behind a probe whose answer is needed only after it.
     */
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
            throw new CompileException("the compile cache " + configuredDir + " is not usable (" + e
                    + "); make it writable or set TRACEBOOK_CACHE to another directory", List.of(), "");
        }
    }
}
