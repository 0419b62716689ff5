package io.tracebook.bpf.compile;

import io.tracebook.bpf.CompileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes vmlinux.h, every type of the running kernel as C, from the kernel's BTF with bpftool. */
final class VmlinuxHeader {
    static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    private VmlinuxHeader() {
    }

    /** Content hash of the kernel's BTF: the cache key of everything derived from vmlinux.h. */
    static String btfHash(Path btf) {
        if (!Files.isReadable(btf)) {
            throw new CompileException(btf + " is missing or unreadable, so there is no kernel BTF to generate"
                    + " vmlinux.h from. Tracebook needs a kernel built with CONFIG_DEBUG_INFO_BTF=y.", List.of(), "");
        }
        try {
            return Sha256.ofFile(btf);
        } catch (IOException e) {
            throw new CompileException("could not read the kernel BTF " + btf + ": " + e.getMessage(), List.of(), "");
        }
    }

    static void generate(Path btf, Path target) throws IOException {
        Path bpftool = Executables.find("bpftool").orElseThrow(() -> new CompileException(
                "bpftool not found; Tracebook uses it to generate vmlinux.h from the kernel's BTF."
                        + " Install it: apt-get install bpftool", List.of(), ""));
        List<String> command = List.of(bpftool.toString(), "btf", "dump", "file", btf.toString(), "format", "c");
        Path temp = AtomicFiles.tempSibling(target);
        try {
            ProcessRunner.Result result = ProcessRunner.runToFile(command, temp);
            if (!result.succeeded() || Files.size(temp) == 0) {
                throw new CompileException("bpftool could not dump the kernel BTF as C (exit " + result.exitCode()
                        + "): " + result.output().strip(), List.of(), String.join(" ", command) + "\n" + result.output());
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
