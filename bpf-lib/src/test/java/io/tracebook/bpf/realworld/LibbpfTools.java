package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.KernelAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * bcc v0.26's libbpf-tools, BPF side, byte for byte: {@code ../shared/realworld/libbpf-tools-0.26/} from the
 * project root (the README there says where they come from). Read where they are, never copied or edited;
 * without them a test skips with the reason, or fails under TRACEBOOK_REQUIRE_KERNEL=1 (as in CI).
 */
final class LibbpfTools {
    private static final Path RELATIVE = Path.of("..", "shared", "realworld", "libbpf-tools-0.26");

    private LibbpfTools() {
    }

    /** Kernel access and the tools' sources; call first in every test. */
    static void require() {
        KernelAccess.require();
        if (dir() != null) return;
        String reason = "the libbpf-tools sources are not at " + RELATIVE + " beside the project ("
                + projectRoot().resolve(RELATIVE).normalize() + ")";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }

    /** {@code tool}.bpf.c, e.g. source("opensnoop"). */
    static Path source(String tool) {
        return dir().resolve(tool + ".bpf.c");
    }

    private static Path dir() {
        Path dir = projectRoot().resolve(RELATIVE).normalize();
        return Files.isRegularFile(dir.resolve("opensnoop.bpf.c")) ? dir : null;
    }

    /** Maven runs a module's tests in the module's directory; the project root is the one above it with the parent pom. */
    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("bpf-lib")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        return here;
    }
}
