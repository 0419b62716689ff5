package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.sys.KernelFeatures;
import io.tracebook.bpf.sys.PerfEvents;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every attach kind the kernel offers works; the ones it lacks fail with a plain explanation. */
class AttachKindsTest {
    /** Counts calls per process in map "calls"; PROBE is replaced by each test's SEC() line. */
    private static final String COUNTER = """
            HASH(calls, u32, u64, 1024);
            static __always_inline void count(void) {
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                u64 one = 1, *n = bpf_map_lookup_elem(&calls, &pid);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&calls, &pid, &one, BPF_NOEXIST);
            }
            PROBE { count(); return 0; }
            """;

    private static String counter(String probe) {
        return COUNTER.replace("PROBE", probe);
    }

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    private static long calls(BpfObject o, long pid) {
        Object n = o.map("calls").get((int) pid);
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void rawTracepoint() throws Exception {
        try (var o = Bpf.c(counter("SEC(\"raw_tp/sys_enter\") int on_enter(void *ctx)")).load().attach()) {
            long pid = Workload.run("getppid", "500");
            assertTrue(calls(o, pid) >= 500, "every syscall of the child, 500 getppid among them: " + calls(o, pid));
        }
    }

    @Test
    void btfTracepoint() throws Exception {
        String probe = "SEC(\"tp_btf/sched_process_exec\") int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)";
        try (var o = Bpf.c(counter(probe)).load().attach()) {
            long pid = Workload.run("getppid", "1");
            // Java starts children through jspawnhelper, which then execs the workload: one or two execs.
            assertTrue(calls(o, pid) >= 1, "the child exec'd");
        }
    }

    @Test
    void uprobeAndUretprobeOnALibcFunction() throws Exception {
        String src = counter("SEC(\"uprobe\") int on_entry(void *ctx)")
                + "HASH(returns, u32, u64, 1024);\n"
                + "SEC(\"uretprobe\") int on_return(void *ctx) {\n"
                + "  u32 pid = bpf_get_current_pid_tgid() >> 32; u64 one = 1, *n = bpf_map_lookup_elem(&returns, &pid);\n"
                + "  if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&returns, &pid, &one, BPF_NOEXIST);\n"
                + "  return 0; }\n";
        try (var o = Bpf.c(src).load()
                .attachUprobe("on_entry", "libc", "getppid")
                .attachUprobe("on_return", "libc", "getppid")) {
            long pid = Workload.run("getppid", "321");
            assertEquals(321, calls(o, pid));
            assertEquals(321L, o.map("returns").get((int) pid));
        }
    }

    @Test
    void usdtProbeOfTheJvm() throws Exception {
        String src = "#include <bpf/usdt.bpf.h>\n" + counter("SEC(\"usdt\") int BPF_USDT(on_thread_start)");
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        try (var o = Bpf.c(src).load().attachUsdt("on_thread_start", libjvm.toString(), "hotspot", "thread__start")) {
            for (int i = 0; i < 3; i++) {
                Thread t = Thread.ofPlatform().start(() -> { });
                t.join();
            }
            assertTrue(calls(o, ProcessHandle.current().pid()) >= 3, "three threads started in this JVM");
        }
    }

    @Test
    void perfEventSampling() throws Exception {
        String src = "u64 samples = 0;\nSEC(\"perf_event\") int on_sample(struct bpf_perf_event_data *ctx) { __sync_fetch_and_add(&samples, 1); return 0; }\n";
        try (var o = Bpf.c(src).load().attachSampling("on_sample", 199)) {
            Await.spinningUntil("samples at 199 Hz on every CPU", () -> o.global("samples").getLong() > 10);
            assertEquals(PerfEvents.onlineCpus().size(), o.links().size());
        }
    }

    @Test
    void programsThatNeedATargetSaySo() {
        try (var o = Bpf.c(counter("SEC(\"uprobe\") int on_entry(void *ctx)")).load()) {
            o.attach();
            assertTrue(o.links().isEmpty(), "attach() leaves target-less uprobes alone");
            BpfException e = assertThrows(BpfException.class, () -> o.attach("on_entry"));
            assertTrue(e.getMessage().contains("attachUprobe"), e.getMessage());
        }
    }

    @Test
    void kprobesWorkOrSayTheKernelHasNone() throws Exception {
        try (var o = Bpf.c(counter("SEC(\"kprobe/__x64_sys_getppid\") int on_getppid(void *ctx)")).load()) {
            if (KernelFeatures.hasKprobes()) {
                o.attach();
                long pid = Workload.run("getppid", "50");
                assertEquals(50, calls(o, pid));
            } else {
                UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, o::attach);
                assertEquals("kprobes", e.feature());
                assertTrue(e.getMessage().contains("tracepoint"), e.getMessage());
            }
        }
    }

    @Test
    void fentryWorksOrSaysTheKernelRefusesIt() throws Exception {
        String src = counter("SEC(\"fentry/do_sys_openat2\") int BPF_PROG(on_open)");
        BpfObject o;
        try {
            o = Bpf.c(src).load();
        } catch (UnsupportedFeatureException e) {
            assertEquals("fentry", e.feature());
            assertTrue(e.getMessage().contains("tp_btf"), e.getMessage());
            return;
        }
        try (o) {
            o.attach();
            long pid = Workload.run("open", "50");
            assertTrue(calls(o, pid) >= 50, "the child opened 50 files");
        }
    }
}
