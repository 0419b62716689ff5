package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.sys.KernelFeatures;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What C users of libbpf set before load (autoload, attach targets, map sizes), and the errors when it is missing. */
class OpenSettingsTest {
    /** Twins as real-world objects ship them: the same job on one tracepoint, through tp_btf and through raw_tp. */
    private static final String TWINS = """
            u64 btf_runs = 0, raw_runs = 0;
            SEC("tp_btf/sys_enter") int BPF_PROG(settings_btf) { __sync_fetch_and_add(&btf_runs, 1); return 0; }
            SEC("raw_tp/sys_enter") int settings_raw(void *ctx) { __sync_fetch_and_add(&raw_runs, 1); return 0; }
            """;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void aProgramSwitchedOffIsNeitherLoadedNorAttached() throws InterruptedException {
        KernelObjects.Counts before = KernelObjects.now("settings_");
        OpenObject open = Bpf.c(TWINS);
        assertEquals(Map.of("settings_btf", "tp_btf/sys_enter", "settings_raw", "raw_tp/sys_enter"), open.programs());
        try (BpfObject o = open.autoload("settings_raw", false).load().attach()) {
            assertEquals(new KernelObjects.Counts(before.programs() + 1, before.links() + 1), KernelObjects.now("settings_"),
                    "only the program left on is in the kernel, and attached");
            assertFalse(o.program("settings_raw").isLoaded());
            assertEquals("BpfObject: settings_btf attached, settings_raw switched off; maps none", o.toString());
            LibC.getpid();
            assertTrue(o.global("btf_runs").getLong() > 0);
            assertEquals(0, o.global("raw_runs").getLong());
            BpfException e = assertThrows(BpfException.class, () -> o.attach("settings_raw"));
            assertTrue(e.getMessage().contains("switched off before load"), e.getMessage());
        }
        assertEquals(before, KernelObjects.await("settings_", before));
    }

    @Test
    void aBtfProgramTakesAnotherAttachTarget() throws Exception {
        String src = """
                u64 exits = 0;
                SEC("tp_btf/sys_enter") int BPF_PROG(retargeted) { __sync_fetch_and_add(&exits, 1); return 0; }
                """;
        try (BpfObject o = Bpf.c(src).attachTarget("retargeted", "sched_process_exit").load().attach()) {
            Workload.run("getppid", "1000");
            long exits = o.global("exits").getLong();
            assertTrue(exits >= 1 && exits < 1000, "runs once per exiting process, not per syscall: " + exits);
        }
        AttachException e = assertThrows(AttachException.class, () -> Bpf.c(src).attachTarget("retargeted", "no_such_tracepoint"));
        assertTrue(e.getMessage().contains("no tracepoint no_such_tracepoint"), e.getMessage());
        BpfException kind = assertThrows(BpfException.class, () -> Bpf.c(TWINS).attachTarget("settings_raw", "sys_exit"));
        assertTrue(kind.getMessage().contains("only BTF-typed programs"), kind.getMessage());
    }

    @Test
    void aMapWithoutSizesSaysWhichAndHowToSetThem() {
        String src = """
                struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __uint(key_size, sizeof(u32)); } stacks SEC(".maps");
                struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, u64); } starts SEC(".maps");
                SEC("tp_btf/sched_switch") int BPF_PROG(on_switch) { return bpf_get_stackid(ctx, &stacks, 0) < 0; }
                """;
        BpfException sizes = assertThrows(BpfException.class, () -> Bpf.c(src).mapSize("starts", 64).load());
        assertEquals("cannot create map 'stacks' (stack_trace): its max_entries is 0, as the program leaves its size to user space: "
                + "set it before load with .mapSize(\"stacks\", entries); its value size is 0 bytes, but a stack trace map holds "
                + "8 bytes per frame: set it before load with .mapValueSize(\"stacks\", 127 * 8)", sizes.getMessage());
        BpfException entries = assertThrows(BpfException.class, () -> Bpf.c(src).mapSize("stacks", 64).mapValueSize("stacks", 64).load());
        assertTrue(entries.getMessage().startsWith("cannot create map 'starts' (hash): its max_entries is 0"), entries.getMessage());
        try (BpfObject o = Bpf.c(src).mapSize("stacks", 64).mapValueSize("stacks", 127 * 8).mapSize("starts", 64).load()) {
            assertEquals(127 * 8, o.map("stacks").valueSize());
        }
    }

    @Test
    void aKprobeProgramWhereThereAreNoneNamesItsTwin() {
        String src = """
                SEC("kprobe/do_nanosleep") int BPF_KPROBE(sleep_kprobe) { return 0; }
                SEC("fentry/do_nanosleep") int BPF_PROG(sleep_fentry) { return 0; }
                """;
        Assumptions.assumeFalse(KernelFeatures.hasKprobes(), "the message is for kernels without kprobes, like this project's");
        try (BpfObject o = Bpf.c(src).autoload("sleep_fentry", false).load()) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, o::attach);
            assertTrue(e.getMessage().contains("switch it off before load with .autoload(\"sleep_kprobe\", false); "
                    + "its twin 'sleep_fentry' (SEC(\"fentry/do_nanosleep\")) does the same job"), e.getMessage());
            assertTrue(o.links().isEmpty(), "nothing attached");
        }
    }
}
