package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.ffi.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tracepoint attaches on a machine where tracefs is not mounted (a fresh VM's boot often leaves it so): libbpf reads
 * the tracepoint's id from tracefs, so its first attach fails; the look-ups that explain a failure mount tracefs, and
 * the attach is tried again. Run in a process of its own in a private mount namespace whose tracefs is unmounted
 * (`unshare -m`: the machine's own mounts, which concurrent tests use, stay as they are).
 */
class UnmountedTracefsTest {
    private static final int CALLS = 40;

    @Test
    void aTracepointAttachesWhereTracefsIsNotMounted() throws Exception {
        KernelAccess.require();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String unmount = "umount /sys/kernel/debug/tracing 2>/dev/null; umount /sys/kernel/debug 2>/dev/null; "
                + "umount /sys/kernel/tracing 2>/dev/null; exec \"$@\"";
        List<String> command = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", unmount, "sh",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Child.class.getName());
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out + err);
        assertEquals(0, p.exitValue(), out + err);
        assertEquals("tracefs mounted before: false\nevents " + CALLS + "\ntracefs mounted after: true\n", out, err);
        assertEquals("", err.lines().filter(l -> l.startsWith("libbpf")).reduce("", (a, b) -> a + b + "\n"),
                "the failed first attach says nothing to the user");
    }

    /** The user's cell, in the namespace without tracefs. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println("tracefs mounted before: " + tracefsMounted());
            try (BpfObject o = Bpf.c(Workload.IS_WORKLOAD_C + """
                    RINGBUF(events);
                    struct ev { u32 pid; };
                    SEC("tracepoint/syscalls/sys_enter_getppid") int unmounted_tracefs_getppid(void *ctx) {
                        if (!is_workload()) return 0;
                        struct ev *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                        if (!e) return 0;
                        e->pid = bpf_get_current_pid_tgid() >> 32;
                        bpf_ringbuf_submit(e, 0);
                        return 0;
                    }
                    """).set("test_pid", (int) LibC.getpid()).load().attach()) {
                Workload.run("getppid", Integer.toString(CALLS));
                System.out.println("events " + o.events("events").take(CALLS, Duration.ofSeconds(10)).rowCount());
            }
            System.out.println("tracefs mounted after: " + tracefsMounted());
        }

        private static boolean tracefsMounted() throws Exception {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" - tracefs "));
        }
    }
}
