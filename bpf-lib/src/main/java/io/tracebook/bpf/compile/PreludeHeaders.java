package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The include directory handed to clang: vmlinux.h of the running kernel plus Tracebook's own
 * headers. Its name identifies the kernel BTF and our headers, and it is never modified once
 * in place (a precompiled header built from it checks the files' modification times).
 */
record PreludeHeaders(Path dir) {
    /** Under the cache directory: one directory per kernel BTF and version of Tracebook's headers. */
    static final String DIRECTORY = "include";
    static final String VMLINUX = "vmlinux.h";
    static final String TRACEBOOK = "tracebook.h";
    static final String PRELUDE = "tracebook-prelude.h";
    static final String LICENSE = "tracebook-license.h";
    private static final List<String> RESOURCES = List.of(TRACEBOOK, PRELUDE, LICENSE);

    /**
     * The include directory for this kernel under {@code cacheDir}, created on first use; {@code meanwhile} runs
     * while it is found or generated.
     */
    static PreludeHeaders forKernel(Path cacheDir, Path kernelBtf, Runnable meanwhile) throws IOException {
        Path parent = cacheDir.resolve(DIRECTORY);
        // No directory for a BTF of this size: this kernel's vmlinux.h is needed whatever the fingerprint says, so
        // bpftool (the first compile's longest step after clang) starts before the fingerprint reads and hashes 5 MB.
        Assembly early = hasHeadersOfSize(parent, VmlinuxHeader.btfSize(kernelBtf)) ? null : Assembly.start(parent, kernelBtf);
        try {
            meanwhile.run();
            PreludeHeaders headers = new PreludeHeaders(parent.resolve(VmlinuxHeader.btfFingerprint(kernelBtf) + "-"
                    + ResourcesHash.VALUE.substring(0, 16)));
            if (!Files.isDirectory(headers.dir())) {
                Assembly assembly = early != null ? early : Assembly.start(parent, kernelBtf);
                early = null;
                assembly.finishAs(headers.dir());
            }
            return headers;
        } finally {
            if (early != null) early.abandon(); // another process put the headers in place meanwhile
        }
    }

    private static boolean hasHeadersOfSize(Path parent, long btfSize) throws IOException {
        String prefix = VmlinuxHeader.fingerprintPrefix(btfSize);
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.anyMatch(dir -> dir.getFileName().toString().startsWith(prefix));
        }
    }

    /** An include directory being put together in a temporary sibling, while bpftool writes its vmlinux.h. */
    private record Assembly(Path temp, VmlinuxHeader.Dump dump) {
        static Assembly start(Path parent, Path kernelBtf) throws IOException {
            Path temp = AtomicFiles.tempDirectory(parent, ".assembling-");
            try {
                return new Assembly(temp, VmlinuxHeader.start(kernelBtf, temp.resolve(VMLINUX)));
            } catch (RuntimeException e) {
                AtomicFiles.deleteTree(temp);
                throw e;
            }
        }

        void finishAs(Path dir) throws IOException {
            try {
                dump.finish();
                for (String name : RESOURCES) {
                    try (InputStream in = resource(name)) {
                        Files.copy(in, temp.resolve(name));
                    }
                }
                AtomicFiles.moveDirectoryIntoPlace(temp, dir);
            } finally {
                AtomicFiles.deleteTree(temp);
            }
        }

        void abandon() throws IOException {
            try {
                dump.stop();
            } finally {
                AtomicFiles.deleteTree(temp);
            }
        }
    }

    /** Identifies the headers' content (kernel and Tracebook's), for cache keys. */
    String fingerprint() {
        return dir.getFileName().toString();
    }

    Path prelude() {
        return dir.resolve(PRELUDE);
    }

    Path license() {
        return dir.resolve(LICENSE);
    }

    boolean contains(Path file) {
        return file.toAbsolutePath().normalize().startsWith(dir);
    }

    private static InputStream resource(String name) {
        InputStream in = PreludeHeaders.class.getResourceAsStream(name);
        if (in == null) {
            throw new BpfException("resource " + name + " missing from the Tracebook jar");
        }
        return in;
    }

    /**
     * Computed on first use, not with the class: on the first compile, SHA-256's first use in a JVM (0.1-0.3 s)
     * then runs while bpftool works.
     */
    private static final class ResourcesHash {
        static final String VALUE = hashResources();
    }

    private static String hashResources() {
        List<String> contents = new ArrayList<>();
        for (String name : RESOURCES) {
            try (InputStream in = resource(name)) {
                contents.add(name);
                contents.add(Sha256.of(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Sha256.ofParts(contents);
    }
}
