package io.tracebook.bpf.dsl;

import static io.tracebook.bpf.dsl.Trace.arg;
import static io.tracebook.bpf.dsl.Trace.between;
import static io.tracebook.bpf.dsl.Trace.comm;
import static io.tracebook.bpf.dsl.Trace.cpu;
import static io.tracebook.bpf.dsl.Trace.elapsed;
import static io.tracebook.bpf.dsl.Trace.kstack;
import static io.tracebook.bpf.dsl.Trace.nsecs;
import static io.tracebook.bpf.dsl.Trace.on;
import static io.tracebook.bpf.dsl.Trace.pid;
import static io.tracebook.bpf.dsl.Trace.probe;
import static io.tracebook.bpf.dsl.Trace.retval;
import static io.tracebook.bpf.dsl.Trace.str;
import static io.tracebook.bpf.dsl.Trace.tid;
import static io.tracebook.bpf.dsl.Trace.ustack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The C the DSL writes, compared with golden files in src/test/resources/dsl: what a reader of the C sees, kept
 * readable and stable. Nothing is loaded into the kernel. To accept a change, run with
 * {@code -Dtracebook.golden.update=true} and read the diff.
 */
class GeneratedCTest {
    private static final Path GOLDEN = Path.of("src/test/resources/dsl");

    /** The twelve lessons' one-liners (see OneLinerLessonsTest) and one of every other kind of probe, value and action. */
    static Map<String, Supplier<OneLiner>> oneLiners() {
        Map<String, Supplier<OneLiner>> all = new LinkedHashMap<>();
        all.put("lesson02-hello-world", () -> on("BEGIN").printf("hello world\n"));
        all.put("lesson03-file-opens", () -> on("tracepoint:syscalls:sys_enter_openat").printf("%s %s\n", comm(), str(arg("filename"))));
        all.put("lesson04-syscalls-by-process", () -> on("tracepoint:raw_syscalls:sys_enter").count().by(comm()));
        all.put("lesson05-read-bytes", () -> on("tracepoint:syscalls:sys_exit_read").when(pid().eq(18644)).hist(arg("ret")));
        all.put("lesson06-read-bytes-linear", () -> on("tracepoint:syscalls:sys_exit_read").lhist(arg("ret"), 0, 2000, 200));
        all.put("lesson07-timing-reads", () -> between("tracepoint:syscalls:sys_enter_read", "tracepoint:syscalls:sys_exit_read")
                .hist(elapsed()).by(comm()));
        all.put("lesson08-process-level-events", () -> on("tracepoint:sched:sched_process_e*").count().by(probe()));
        all.put("lesson09-profile-kernel-stacks", () -> on("profile:hz:99").count().by(kstack()));
        all.put("lesson10-scheduler-stacks", () -> on("tracepoint:sched:sched_switch").count().by(kstack()));
        all.put("lesson11-block-io", () -> on("tracepoint:block:block_rq_issue").hist(arg("bytes")));
        all.put("lesson12-struct-walk", () -> on("tracepoint:filelock:flock_lock_inode")
                .printf("lock path: %s\n", str(arg("fl").field("c.flc_file.f_path.dentry.d_name.name"))));
        all.put("tp-btf-exec", () -> on("tp_btf:sched_process_exec").emit(arg("old_pid"), str(arg("bprm").field("filename"))));
        all.put("raw-tracepoint-cast", () -> on("rawtracepoint:sched_process_exec").when(comm().startsWith("dsl"))
                .emit(str(arg(2).cast("struct linux_binprm").field("file.f_path.dentry.d_name.name"), 32)));
        all.put("data-loc-string", () -> on("tracepoint:sched:sched_process_exec").emit(pid(), str(arg("filename"))));
        all.put("uretprobe-stats", () -> on("uretprobe:libc:getppid").when(comm().eq("dslwork").or(cpu().eq(0))).stats(retval()).by(tid()));
        all.put("uprobe-user-stack", () -> on("uprobe:libc:malloc").when(arg(0).gt(4096)).sum(arg(0)).by(ustack()).top(10));
        all.put("count-per-interval", () -> on("tracepoint:raw_syscalls:sys_enter").when(Trace.not(comm().eq("java"))).count().by(comm())
                .per(Duration.ofSeconds(1)));
        all.put("interval-and-end", () -> on("interval:ms:100", "END").emit(nsecs().div(1000).as("us"), probe()));
        all.put("latency-by-request", () -> between("tp_btf:block_rq_issue", "tp_btf:block_rq_complete", arg("rq"))
                .avg(elapsed()).by(str(arg("rq").field("q.disk.disk_name"), 32)));
        return all;
    }

    @BeforeEach
    void tracefs() {
        TracefsAccess.require();
    }

    @Test
    void theCIsTheGoldenFiles() throws IOException {
        boolean update = Boolean.getBoolean("tracebook.golden.update");
        StringBuilder differences = new StringBuilder();
        for (Map.Entry<String, Supplier<OneLiner>> e : oneLiners().entrySet()) {
            Path golden = GOLDEN.resolve(e.getKey() + ".bpf.c");
            String c = e.getValue().get().c();
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, c);
            } else if (!Files.exists(golden) || !Files.readString(golden).equals(c)) {
                differences.append("\n--- ").append(golden).append(" differs; the C is now:\n").append(c);
            }
        }
        assertEquals("", differences.toString(), "run with -Dtracebook.golden.update=true to accept");
    }

    @Test
    void aFilterValueChangesNoLineOfTheC() {
        OneLiner one = on("tracepoint:syscalls:sys_enter_openat").when(pid().eq(1).and(comm().eq("a"))).count();
        OneLiner other = on("tracepoint:syscalls:sys_enter_openat").when(pid().eq(4242).and(comm().eq("bash"))).count();
        assertEquals(one.c(), other.c());
        assertTrue(other.cell("opens").startsWith("%%bpf opens\n"), other.cell("opens"));
        assertTrue(other.cell("opens").contains("const volatile u32 pid_eq = 4242ULL;"), other.cell("opens"));
        assertTrue(other.cell("opens").contains("const volatile char comm_eq[16] = \"bash\";"), other.cell("opens"));
        assertEquals("tracepoint:syscalls:sys_enter_openat /(pid == 4242 && comm == \"bash\")/ { @ = count(); }", other.toString());
    }

    @Test
    void explainNamesEveryCall() {
        String explained = on("tracepoint:syscalls:sys_exit_read").when(pid().eq(1234)).hist(arg("ret")).explain();
        assertTrue(explained.contains("is bpftrace's tracepoint:syscalls:sys_exit_read /pid == 1234/ { @ = hist(args.ret); }"), explained);
        for (String call : new String[] {"on(\"tracepoint:syscalls:sys_exit_read\")", "when(pid().eq(1234))", "hist(arg(\"ret\"))"}) {
            assertTrue(explained.lines().anyMatch(l -> l.startsWith(call + " ")), call + " explained:\n" + explained);
        }
        assertTrue(explained.contains("pid_eq = 1234"), explained);
        assertTrue(explained.contains("HIST_LOG2(hist)"), explained);
    }
}
