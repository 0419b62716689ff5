package io.tracebook.bpf.dsl;

import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.sys.Capabilities;
import org.junit.jupiter.api.Assumptions;

/**
 * Writing a one-liner's C loads nothing into the kernel, but reads tracefs (the tracepoints' format files) and the
 * kernel's BTF, which only root reads: without it these tests skip, unless TRACEBOOK_REQUIRE_KERNEL=1.
 */
final class TracefsAccess {
    private TracefsAccess() {
    }

    static void require() {
        if (Capabilities.has(Capabilities.CAP_SYS_ADMIN)) return;
        String reason = "reading tracefs and the kernel's BTF needs root";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }
}
