package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures libbpf reports in its own words (issue 16, item 13) get one sentence of ours, naming what to change; the
 * libbpf log stays in details().
 */
class OneSentenceErrorsTest {
    private static final String ATTACHES = "Tracebook attaches tracing programs: tracepoint, raw_tp, tp_btf, kprobe, fentry, uprobe, usdt"
            + " and perf_event\nattach() failed, so the object was closed: nothing was left loaded";

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void aFunctionWithoutSec() {
        assertEquals("the source has no BPF program: function 'harden_nosec' has no SEC(\"...\") saying where it attaches;"
                + " put e.g. SEC(\"tracepoint/syscalls/sys_enter_openat\") before it (helper functions are static)",
                failure("int harden_nosec(void *ctx) { return 0; }\n").getMessage());
    }

    @Test
    void aSecNamingNoProgramType() {
        assertEquals("program 'harden_foo' has SEC(\"foo/bar\"), which names no kind of BPF program; use e.g."
                + " SEC(\"tracepoint/syscalls/sys_enter_openat\"), SEC(\"tp_btf/sched_switch\") or SEC(\"uprobe\")",
                failure("SEC(\"foo/bar\") int harden_foo(void *ctx) { return 0; }\n").getMessage());
    }

    @Test
    void namesThatAreNotAscii() {
        String expected = "the name '%s' has characters the kernel refuses: programs and maps need names of ASCII letters,"
                + " digits and '_'; rename it";
        assertEquals(expected.formatted("harden_caf\u00e9"),
                failure(tracepoint("harden_caf\u00e9", "")).getMessage());
        BpfException map = failure("HASH(harden_m\u00e4p, u32, u64, 16);\n"
                + tracepoint("harden_map", "u32 k = 0; bpf_map_lookup_elem(&harden_m\u00e4p, &k);"));
        assertEquals(expected.formatted("harden_m\u00e4p"), map.getMessage());
        assertTrue(map.details().contains("Invalid name"), "libbpf's BTF dump stays in details()");
    }

    @Test
    void aMapTooLargeForTheKernel() {
        // 4 TiB: more than the machine's memory, so the kernel refuses it at once (ENOMEM) without trying.
        BpfException e = failure("struct harden_kib { char b[1024]; };\nARRAY(harden_big, struct harden_kib, 0xffffffffu);\n"
                + tracepoint("harden_big_prog", "u32 k = 0; bpf_map_lookup_elem(&harden_big, &k);"));
        assertEquals("map 'harden_big' is too large for the kernel (ENOMEM): 4294967295 values of 1024 bytes are 4096.0 GiB;"
                + " give it fewer or smaller entries", e.getMessage());
    }

    @Test
    void aStructOpsProgram() {
        assertEquals("program 'harden_ops' is SEC(\"struct_ops/x\"), which implements a kernel interface through a struct_ops map;"
                + " Tracebook loads tracing programs: tracepoint, raw_tp, tp_btf, kprobe, fentry, uprobe, usdt and perf_event",
                failure("SEC(\"struct_ops/x\") int harden_ops(void *ctx) { return 0; }\n").getMessage());
    }

    @Test
    void attachingProgramsTracebookDoesNotAttachSaysSo() {
        assertEquals("program 'harden_xdp' is SEC(\"xdp\"), which attaches to a network interface (XDP); " + ATTACHES,
                failure("SEC(\"xdp\") int harden_xdp(struct xdp_md *ctx) { return 2; }\n").getMessage());
        assertEquals("program 'harden_sock' is SEC(\"socket\"), which filters the packets of a socket; " + ATTACHES,
                failure("SEC(\"socket\") int harden_sock(void *ctx) { return 0; }\n").getMessage());
        assertEquals("program 'harden_iter' is SEC(\"iter/task\"), which runs when a BPF iterator is read; " + ATTACHES,
                failure("SEC(\"iter/task\") int harden_iter(struct bpf_iter__task *ctx) { return 0; }\n").getMessage());
        assertEquals("nothing to attach: the source defines no BPF program (a function with SEC(\"...\") before it)\n"
                + "attach() failed, so the object was closed: nothing was left loaded", failure("").getMessage());
    }

    @Test
    void noMessageNamesTheCompiledObject() {
        for (String source : List.of("int harden_nosec(void *ctx) { return 0; }\n",
                "SEC(\"foo/bar\") int harden_foo(void *ctx) { return 0; }\n")) {
            BpfException e = failure(source);
            assertFalse(e.getMessage().contains(".o'") || e.getMessage().contains("/objects"), e.getMessage());
        }
    }

    private static String tracepoint(String name, String body) {
        return "SEC(\"tracepoint/syscalls/sys_enter_getppid\") int " + name + "(void *ctx) { " + body + " return 0; }\n";
    }

    /** What {@code Bpf.c(source).load().attach()} throws; nothing of it may stay loaded. */
    private static BpfException failure(String source) {
        int loaded = Bpf.loaded().size();
        BpfException e = assertThrows(BpfException.class, () -> Bpf.c(source).load().attach());
        assertEquals(loaded, Bpf.loaded().size(), "nothing stays loaded");
        assertFalse(e instanceof AttachException && !e.getMessage().contains("nothing was left loaded"), e.getMessage());
        return e;
    }
}
