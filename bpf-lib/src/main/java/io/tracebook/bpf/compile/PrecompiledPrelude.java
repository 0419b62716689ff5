package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole prelude (vmlinux.h, the libbpf headers, tracebook.h) as a clang precompiled header:
 * parsing vmlinux.h dominates the compile time of a small snippet, so it is parsed once.
 *
 * <p>Building it costs clang three times a compile with the full header (1.3–2 s against ~0.5 s
 * here), so nobody waits for it: until it exists, snippets are compiled with the full header
 * (identical objects) while a detached {@code sh} runs clang into a temporary sibling and renames
 * it into place only once clang succeeded. The build finishes even if this JVM exits; a temporary
 * file left by a build that was killed is deleted once it is older than {@link #STALE}.
 */
final class PrecompiledPrelude {
    /** Far longer than a build takes, even on a loaded machine. */
    static final Duration STALE = Duration.ofMinutes(10);
    // clang into $tmp; rename over $pch only when it succeeded; never leave $tmp behind; exit as clang did.
    private static final String BUILD_SCRIPT = "tmp=$1 pch=$2; shift 2; nice -n 10 \"$@\" -o \"$tmp\""
            + " && mv -f \"$tmp\" \"$pch\"; status=$?; rm -f \"$tmp\"; exit $status";
    /** Builds this JVM started, by header; one at a time per header. */
    private static final Map<Path, Process> BUILDS = new ConcurrentHashMap<>();

    private PrecompiledPrelude() {
    }

    /** Where the header for these flags and this clang lives; it may not be built yet. */
    static Path location(PreludeHeaders headers, String clangVersion, List<String> flags) {
        List<String> parts = new ArrayList<>(flags);
        parts.add(clangVersion);
        return headers.dir().resolve("prelude-" + Sha256.ofParts(parts).substring(0, 16) + ".pch");
    }

    /** Complete headers only: the file appears by an atomic rename of a finished build. */
    static boolean isReady(Path pch) {
        return Files.isRegularFile(pch);
    }

    /**
     * Starts building {@code pch} in the background unless it exists, this JVM's build of it is
     * running or has failed, or another process's build looks under way (a recent temporary file).
     * Returns the build it started, if it started one.
     */
    static Optional<Process> buildInBackground(Clang clang, List<String> flags, PreludeHeaders headers, Path pch) throws IOException {
        synchronized (BUILDS) {
            Process earlier = BUILDS.get(pch);
            if (isReady(pch) || (earlier != null && (earlier.isAlive() || earlier.exitValue() != 0))
                    || anotherBuildUnderWay(pch)) {
                return Optional.empty();
            }
            Path temp = AtomicFiles.tempSibling(pch);
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("-I", headers.dir().toString(), "-x", "c-header", headers.prelude().toString()));
            List<String> script = List.of("sh", "-c", BUILD_SCRIPT, "tracebook-pch", temp.toString(), pch.toString());
            try {
                Process build = clang.startInBackground(script, args);
                BUILDS.put(pch, build);
                return Optional.of(build);
            } catch (CompileException noShell) {
                // Only an optimisation: without it every snippet is compiled with the full prelude.
                Files.deleteIfExists(temp);
                return Optional.empty();
            }
        }
    }

    /** Forgets a header clang refused (its inputs changed), so that it is built again. */
    static void discard(Path pch) throws IOException {
        synchronized (BUILDS) {
            Files.deleteIfExists(pch);
            BUILDS.remove(pch);
        }
    }

    /** Waits for a build this JVM started; true when the header is then in place. */
    static boolean awaitBuild(Path pch, Duration timeout) throws InterruptedException {
        Process build = BUILDS.get(pch);
        if (build != null && !build.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        return isReady(pch);
    }

    /** Waits for every build this JVM started (for tests, before their cache directory is deleted). */
    static void awaitAllBuilds(Duration timeout) throws InterruptedException {
        for (Process build : BUILDS.values()) {
            build.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A temporary file of a build (ours, or clang's own next to it) younger than {@link #STALE};
     * older ones are left-overs of killed builds and are deleted on the way.
     */
    private static boolean anotherBuildUnderWay(Path pch) throws IOException {
        FileTime staleBefore = FileTime.from(Instant.now().minus(STALE));
        boolean underWay = false;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(pch.getParent(), "." + pch.getFileName() + "*")) {
            for (Path temp : temps) {
                try {
                    if (Files.getLastModifiedTime(temp).compareTo(staleBefore) < 0) {
                        Files.deleteIfExists(temp);
                    } else {
                        underWay = true;
                    }
                } catch (NoSuchFileException finishedMeanwhile) {
                    // renamed into place or removed by its build while we looked
                }
            }
        }
        return underWay;
    }
}
