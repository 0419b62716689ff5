package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    private static final String RESOURCES_HASH = hashResources();

    /** The include directory for this kernel under {@code cacheDir}, created on first use. */
    static PreludeHeaders forKernel(Path cacheDir, Path kernelBtf) throws IOException {
        String btf = VmlinuxHeader.btfFingerprint(kernelBtf);
        Path dir = cacheDir.resolve(DIRECTORY).resolve(btf + "-" + RESOURCES_HASH.substring(0, 16));
        if (!Files.isDirectory(dir)) {
            assemble(kernelBtf, dir);
        }
        return new PreludeHeaders(dir);
    }

    private static void assemble(Path kernelBtf, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path temp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName());
        try {
            VmlinuxHeader.generate(kernelBtf, temp.resolve(VMLINUX));
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
