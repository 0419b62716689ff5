package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.util.List;

/** The clang flags every BPF object and the precompiled prelude are built with. */
final class ClangFlags {
    private ClangFlags() {
    }

    static List<String> forArch(String osArch) {
        return List.of(
                "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_" + targetArch(osArch),
                // v3: 32-bit jumps and atomics whose result is used (__sync_fetch_and_add's return value).
                "-mcpu=v3",
                // <bpf/usdt.bpf.h> includes <linux/errno.h>, which needs the host's <asm/errno.h>.
                "-idirafter", "/usr/include/" + multiarch(osArch),
                "-Wall",
                // BPF code compares pointers of different types all the time (data vs data_end).
                "-Wno-compare-distinct-pointer-types",
                // A misspelt helper would otherwise compile and fail only at load time.
                "-Werror=implicit-function-declaration",
                "-fno-color-diagnostics",
                // Each compile runs in a temporary directory of its own: the object must not record which.
                "-fdebug-compilation-dir=.");
    }

    static List<String> forHost() {
        return forArch(System.getProperty("os.arch"));
    }

    /** Debian's multiarch include directory name for the host. */
    static String multiarch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> osArch + "-linux-gnu";
        };
    }

    /** The arch name bpf_tracing.h expects in __TARGET_ARCH_xxx, from Java's os.arch. */
    static String targetArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86";
            case "aarch64", "arm64" -> "arm64";
            case "riscv64" -> "riscv";
            case "s390x" -> "s390";
            case "ppc64le" -> "powerpc";
            case "loongarch64" -> "loongarch";
            default -> throw new CompileException("no BPF target arch known for os.arch=" + osArch
                    + "; bpf_tracing.h needs __TARGET_ARCH_<arch> to read function arguments", List.of(), "");
        };
    }
}
