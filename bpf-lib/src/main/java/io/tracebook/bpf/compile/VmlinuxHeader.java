package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** Writes vmlinux.h, every type of the running kernel as C, from the kernel's BTF with bpftool. */
final class VmlinuxHeader {
    static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    /** bpftool writes this kernel's 5 MB of C in about a second; the limit only keeps a broken bpftool from hanging us. */
    private static final Duration DUMP_TIME_LIMIT = Duration.ofMinutes(2);

    private VmlinuxHeader() {
    }

    /** The size of the kernel's BTF, the first part of its {@link #btfFingerprint}; a kernel without BTF fails here. */
    static long btfSize(Path btf) {
        if (!Files.isReadable(btf)) {
            throw new CompileException(btf + " is missing or unreadable, so there is no kernel BTF to generate"
                    + " vmlinux.h from. Tracebook needs a kernel built with CONFIG_DEBUG_INFO_BTF=y.", List.of(), "");
        }
        try {
            return Files.size(btf);
        } catch (IOException e) {
            throw new CompileException("could not read the kernel BTF " + btf + ": " + e.getMessage(), List.of(), "");
        }
    }

    /** The start of the {@link #btfFingerprint} of a BTF of {@code size} bytes. */
    static String fingerprintPrefix(long size) {
        return "%08x".formatted(size);
    }

    /**
     * Identifies the kernel's BTF by content: the cache key of everything derived from vmlinux.h. Its
     * size and two CRCs (CRC-32C and CRC-32) rather than SHA-256, which takes 0.3–1 s over these 5 MB in
     * a JVM that has not compiled the digest code yet (the first compile's critical path); the CRCs run
     * as intrinsics or native code, ~10 ms. The cache is the user's own, so collisions need not resist an
     * attacker, and two kernels' BTF colliding in 64 bits of CRC at the same size is not a practical worry.
     */
    static String btfFingerprint(Path btf) {
        try {
            byte[] content = Files.readAllBytes(btf);
            CRC32C crc32c = new CRC32C();
            crc32c.update(content);
            CRC32 crc32 = new CRC32();
            crc32.update(content);
            return fingerprintPrefix(content.length) + "%08x%08x".formatted(crc32c.getValue(), crc32.getValue());
        } catch (IOException e) {
            throw new CompileException("could not read the kernel BTF " + btf + ": " + e.getMessage(), List.of(), "");
        }
    }

    /**
     * Starts bpftool writing vmlinux.h from {@code btf} into {@code target}, in a directory nobody else uses until
     * {@link Dump#finish} returned (a half-written header is deleted with it).
     */
    static Dump start(Path btf, Path target) {
        Path bpftool = Executables.find("bpftool").orElseThrow(() -> new CompileException(
                "bpftool not found; Tracebook uses it to generate vmlinux.h from the kernel's BTF."
                        + " Install it: apt-get install bpftool", List.of(), ""));
        List<String> command = List.of(bpftool.toString(), "btf", "dump", "file", btf.toString(), "format", "c");
        return new Dump(command, target, ProcessRunner.start(new ProcessBuilder(command).redirectOutput(target.toFile())));
    }

    /** bpftool at work: finished once, or stopped. */
    record Dump(List<String> command, Path target, ProcessRunner.Running bpftool) {
        /** Waits for bpftool; a failure is a {@link CompileException}. */
        void finish() throws IOException {
            ProcessRunner.Result result = bpftool.await(DUMP_TIME_LIMIT);
            if (!result.succeeded() || Files.size(target) == 0) {
                String why = result.ending() == ProcessRunner.Ending.TIME_LIMIT
                        ? "did not finish within " + DUMP_TIME_LIMIT.toSeconds() + " s"
                        : "exit " + result.exitCode();
                throw new CompileException("bpftool could not dump the kernel BTF as C (" + why + "): "
                        + result.output().strip(), List.of(), String.join(" ", command) + "\n" + result.output());
            }
        }

        void stop() {
            bpftool.stop();
        }
    }
}
