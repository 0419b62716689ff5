package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A block device of the test's own: a loop device over a file, in direct-I/O mode. Nothing else on the machine does
 * I/O to it, so a tool filtering on it sees only the workload's requests, whatever the other users of the disk do.
 */
final class LoopDevice implements AutoCloseable {
    private static final int MINOR_BITS = 20;

    private final Path device;
    private final Path backing;

    private LoopDevice(Path device, Path backing) {
        this.device = device;
        this.backing = backing;
    }

    /** A new loop device over a {@code mebibytes} file; skips (or fails under TRACEBOOK_REQUIRE_KERNEL=1) without losetup. */
    static LoopDevice create(int mebibytes) throws IOException, InterruptedException {
        Path backing = Files.createDirectories(Path.of("target", "realworld").toAbsolutePath()).resolve("rw-loop-" + ProcessHandle.current().pid() + ".img");
        Files.write(backing, new byte[mebibytes << 20]);
        Process losetup = new ProcessBuilder("losetup", "--find", "--show", "--direct-io=on", backing.toString()).redirectErrorStream(true).start();
        String out = new String(losetup.getInputStream().readAllBytes()).strip();
        if (!losetup.waitFor(30, TimeUnit.SECONDS) || losetup.exitValue() != 0) {
            Files.deleteIfExists(backing);
            String reason = "no loop device for the block I/O tests (losetup: " + out + ")";
            if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
            Assumptions.abort(reason);
        }
        return new LoopDevice(Path.of(out), backing);
    }

    Path path() {
        return device;
    }

    /** "loop3", as /proc/partitions and Debian's tools (-d) name it. */
    String name() {
        return device.getFileName().toString();
    }

    /** The kernel's dev_t of the disk as block tracepoints and libbpf-tools encode it: major << 20 | minor. */
    long dev() throws IOException {
        String[] majorMinor = Files.readAllLines(Path.of("/sys/block", name(), "dev")).getFirst().strip().split(":");
        return (Long.parseLong(majorMinor[0]) << MINOR_BITS) | Long.parseLong(majorMinor[1]);
    }

    /** The requests the device itself counts as completed, reads and writes: fields 1 and 5 of /sys/block/NAME/stat. */
    long requestsCompleted() throws IOException {
        String[] fields = Files.readString(Path.of("/sys/block", name(), "stat")).strip().split("\\s+");
        return Long.parseLong(fields[0]) + Long.parseLong(fields[4]);
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("losetup", "-d", device.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(backing);
    }
}
