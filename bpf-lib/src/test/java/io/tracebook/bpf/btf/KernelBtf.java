package io.tracebook.bpf.btf;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The running kernel's BTF; tests using it skip where it is unreadable, unless TRACEBOOK_REQUIRE_KERNEL=1. */
public final class KernelBtf {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private KernelBtf() {
    }

    public static byte[] bytes() throws IOException {
        if (!Files.isReadable(VMLINUX)) {
            String reason = VMLINUX + " is not readable: the kernel has no BTF (CONFIG_DEBUG_INFO_BTF) or sysfs is not mounted";
            if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) {
                fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1");
            }
            Assumptions.abort(reason);
        }
        return Files.readAllBytes(VMLINUX);
    }
}
