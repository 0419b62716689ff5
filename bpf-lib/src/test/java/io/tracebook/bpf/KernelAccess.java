package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.sys.Capabilities;
import org.junit.jupiter.api.Assumptions;

/**
 * Kernel tests need CAP_BPF + CAP_PERFMON (or root). Without them they skip with the reason, unless
 * TRACEBOOK_REQUIRE_KERNEL=1 (as in CI), where a skip would hide a broken set-up and so fails.
 */
public final class KernelAccess {
    private KernelAccess() {
    }

    public static void require() {
        String missing = Capabilities.missingForTracing();
        if (missing == null) return;
        String reason = "kernel test needs " + missing + " (run as root)";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }
}
