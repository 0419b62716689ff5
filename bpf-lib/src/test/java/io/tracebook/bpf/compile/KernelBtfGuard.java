package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;

/**
 * Compiling needs the running kernel's BTF (readable by anyone where it exists). Without it the
 * tests are skipped, unless TRACEBOOK_REQUIRE_KERNEL=1 makes that a failure.
 */
final class KernelBtfGuard {
    private KernelBtfGuard() {
    }

    static void requireKernelBtf() {
        boolean readable = Files.isReadable(VmlinuxHeader.KERNEL_BTF);
        String reason = VmlinuxHeader.KERNEL_BTF + " is not readable, so there is no kernel BTF to compile against";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) {
            assertTrue(readable, reason);
        } else {
            Assumptions.assumeTrue(readable, reason);
        }
    }
}
