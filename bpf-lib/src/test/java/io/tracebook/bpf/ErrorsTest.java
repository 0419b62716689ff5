package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.VerifierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input gets an error that says what is wrong and where, and nothing is left behind. */
class ErrorsTest {
    @Test
    void compileErrorPointsAtTheUsersLine() {
        String src = "SEC(\"tracepoint/syscalls/sys_enter_getppid\")\nint f(void *ctx) {\n    return undefined_thing;\n}\n";
        CompileException e = assertThrows(CompileException.class, () -> Bpf.c(src));
        assertEquals(3, e.diagnostics().getFirst().line(), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
    }

    @Test
    void verifierRejectionGivesTheReasonAndTheLine() throws InterruptedException {
        KernelAccess.require();
        String src = """
                HASH(m, u32, u64, 16);
                SEC("tracepoint/syscalls/sys_enter_getppid")
                int rejected_prog(void *ctx) {
                    u32 k = 0;
                    u64 *v = bpf_map_lookup_elem(&m, &k);
                    return *v;
                }
                """;
        KernelObjects.Counts before = KernelObjects.now("rejected_prog");
        VerifierException e = assertThrows(VerifierException.class, () -> Bpf.c(src).load());
        assertTrue(e.reason().contains("invalid mem access"), e.reason());
        assertEquals(6, e.sourceLine(), e.getMessage());
        assertTrue(e.sourceText().contains("return *v;"), e.getMessage());
        assertTrue(e.log().contains("processed"), "the full verifier log is kept");
        assertEquals(before, KernelObjects.await("rejected_prog", before), "a rejected load leaves nothing in the kernel");
    }

    @Test
    void misspeltTracepointSuggestsTheNearestNames() {
        KernelAccess.require();
        String src = "SEC(\"tracepoint/syscalls/sys_enter_opnat\") int f(void *ctx) { return 0; }\n";
        try (var o = Bpf.c(src).load()) {
            AttachException e = assertThrows(AttachException.class, o::attach);
            assertTrue(e.suggestions().contains("syscalls:sys_enter_openat"), e.getMessage());
            assertTrue(e.getMessage().contains("did you mean syscalls:sys_enter_openat"), e.getMessage());
        }
    }

    @Test
    void misspeltRawAndBtfTracepointsSuggestToo() {
        KernelAccess.require();
        try (var o = Bpf.c("SEC(\"raw_tp/sched_swtich\") int f(void *ctx) { return 0; }\n").load()) {
            AttachException e = assertThrows(AttachException.class, o::attach);
            assertTrue(e.suggestions().contains("sched_switch"), e.getMessage());
        }
        String btf = "SEC(\"tp_btf/sched_swtich\") int BPF_PROG(f, bool preempt) { return 0; }\n";
        AttachException e = assertThrows(AttachException.class, () -> Bpf.c(btf).load());
        assertTrue(e.suggestions().contains("sched_switch"), e.getMessage());
    }

    @Test
    void missingPrivilegesNameTheCapability() throws IOException, InterruptedException {
        Path cache = Files.createTempDirectory("tracebook-nocaps");
        List<String> command = List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoPrivileges.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TRACEBOOK_CACHE", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("PermissionException") && out.contains("CAP_BPF"), out);
        assertTrue(out.contains("with 0 stack frames:"), "jshell prints an exception's frames; a missing privilege has none: " + out);
        assertEquals(1, out.strip().lines().count(), "one sentence: " + out);
    }

    /** Runs without capabilities in a child JVM. */
    public static final class NoPrivileges {
        public static void main(String[] args) {
            try (var o = Bpf.c("SEC(\"tracepoint/syscalls/sys_enter_getppid\") int f(void *ctx) { return 0; }\n").load()) {
                System.out.println("loaded without privileges?!");
            } catch (BpfException e) {
                System.out.println(e.getClass().getSimpleName() + " with " + e.getStackTrace().length + " stack frames: " + e.getMessage());
            }
        }
    }
}
