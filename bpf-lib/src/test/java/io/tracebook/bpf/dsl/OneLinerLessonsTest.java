package io.tracebook.bpf.dsl;

import static io.tracebook.bpf.dsl.Trace.arg;
import static io.tracebook.bpf.dsl.Trace.between;
import static io.tracebook.bpf.dsl.Trace.comm;
import static io.tracebook.bpf.dsl.Trace.elapsed;
import static io.tracebook.bpf.dsl.Trace.kstack;
import static io.tracebook.bpf.dsl.Trace.on;
import static io.tracebook.bpf.dsl.Trace.pid;
import static io.tracebook.bpf.dsl.Trace.probe;
import static io.tracebook.bpf.dsl.Trace.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.KernelAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * bpftrace's one-liner tutorial (docs/tutorial_one_liners.md, twelve lessons) in the DSL, each run beside
 * bpftrace 0.17 on the same workload at the same time. Both filter on the workload's name ({@code dslwork}),
 * as other workloads run on the machine meanwhile; both are attached before it starts and detached after it
 * ends, so both see every event of it. The three kprobe lessons run as their tracepoint equivalents (this kernel
 * has no kprobes): 6 and 7 on the read syscall's tracepoints, 12 on {@code filelock:flock_lock_inode}'s struct file_lock.
 */
class OneLinerLessonsTest {
    private static final String ME = "comm == \"" + DslWorkload.COMM + "\"";

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    /** What both saw of one workload: bpftrace's records and the one-liner's Table. */
    private record Beside(BpftraceRun bpftrace, Table ours) {
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * bpftrace attached first (its {@code tracepoints} attachments seen in the kernel), then the one-liner, then the
     * workload; the one-liner stopped, then bpftrace.
     */
    private static Beside beside(String bpftrace, int tracepoints, OneLiner oneLiner, Work work) throws Exception {
        try (BpftraceRun reference = BpftraceRun.start(bpftrace, tracepoints); Tracing ours = oneLiner.start()) {
            work.run();
            Table table = ours.stop().table();
            assertEquals(0, ours.lost(), "the one-liner lost nothing");
            reference.stop();
            return new Beside(reference, table);
        }
    }

    @Test
    void lesson01ListingProbes() throws Exception {
        Table ours = Trace.list("tracepoint:syscalls:sys_enter_*");
        Process p = new ProcessBuilder("bpftrace", "-l", "tracepoint:syscalls:sys_enter_*").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> theirs = new String(p.getInputStream().readAllBytes()).lines().sorted().toList();
        p.waitFor(60, TimeUnit.SECONDS);
        assertTrue(theirs.size() > 100, "bpftrace lists the syscalls' entry tracepoints: " + theirs.size());
        assertEquals(theirs, ours.stringColumn("probe").asList().stream().sorted().toList());
    }

    @Test
    void lesson01DescribingAProbe() throws Exception {
        Table ours = Trace.describe("tracepoint:syscalls:sys_enter_openat");
        Process p = new ProcessBuilder("bpftrace", "-lv", "tracepoint:syscalls:sys_enter_openat").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> theirs = new String(p.getInputStream().readAllBytes()).lines().skip(1).map(String::strip).toList();
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> mine = new ArrayList<>();
        for (Row r : ours) mine.add((r.getString("type").replace(" *", " * ") + " " + r.getString("field")).replace("*  ", "* "));
        assertEquals(theirs, mine);
        assertEquals("str(arg(\"filename\"))", ours.where(ours.stringColumn("field").isEqualTo("filename")).getString(0, "use"));
    }

    @Test
    void lesson02HelloWorld() throws Exception {
        try (BpftraceRun reference = BpftraceRun.start("BEGIN { printf(\"hello world\\n\"); exit(); }", 0)) {
            reference.awaitExit();
            Table ours = on("BEGIN").printf("hello world\n").run(Duration.ZERO);
            assertEquals(List.of("hello world"), reference.printed());
            assertEquals(reference.printed(), ours.stringColumn("text").asList());
        }
    }

    @Test
    void lesson03FileOpens() throws Exception {
        Beside b = beside("tracepoint:syscalls:sys_enter_openat /" + ME + "/ { printf(\"%s %s\\n\", comm, str(args->filename)); }", 1,
                on("tracepoint:syscalls:sys_enter_openat").when(comm().eq(DslWorkload.COMM)).printf("%s %s\n", comm(), str(arg("filename"))),
                () -> DslWorkload.run("open", "7", "/etc/hostname"));
        assertTrue(b.ours().stringColumn("text").asList().contains("dslwork /etc/hostname"), b.ours().print());
        assertEquals(b.bpftrace().printed(), b.ours().stringColumn("text").asList());
    }

    @Test
    void lesson04SyscallCountsByProcess() throws Exception {
        Beside b = beside("tracepoint:raw_syscalls:sys_enter /" + ME + "/ { @[comm] = count(); }", 1,
                on("tracepoint:raw_syscalls:sys_enter").when(comm().eq(DslWorkload.COMM)).count().by(comm()),
                () -> DslWorkload.run("getppid", "5000"));
        Map<String, Long> ours = counts(b.ours(), "comm");
        assertTrue(ours.get(DslWorkload.COMM) >= 5000, "5000 getppid() and the start-up's calls: " + ours);
        assertEquals(b.bpftrace().map("@"), ours);
    }

    @Test
    void lesson05DistributionOfReadBytes() throws Exception {
        Process work = DslWorkload.waiting("read", "1200");
        Beside b = beside("tracepoint:syscalls:sys_exit_read /pid == " + work.pid() + "/ { @bytes = hist(args->ret); }", 1,
                on("tracepoint:syscalls:sys_exit_read").when(pid().eq(work.pid())).hist(arg("ret")),
                () -> DslWorkload.go(work));
        assertEquals(1200 + 1, b.ours().longColumn("count").sum(), "1200 reads and the dynamic loader's read of libc\n" + b.ours().print());
        assertEquals(b.bpftrace().hist("@bytes"), buckets(b.ours()));
    }

    @Test
    void lesson06ReadBytesAsALinearHistogram() throws Exception {
        // bpftrace's lesson is kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200) }; without kprobes, the read syscall's return
        Beside b = beside("tracepoint:syscalls:sys_exit_read /" + ME + "/ { @bytes = lhist(args->ret, 0, 2000, 200); }", 1,
                on("tracepoint:syscalls:sys_exit_read").when(comm().eq(DslWorkload.COMM)).lhist(arg("ret"), 0, 2000, 200),
                () -> DslWorkload.run("read", "1200"));
        assertEquals(1200 + 1, b.ours().longColumn("count").sum(), b.ours().print());
        assertEquals(b.bpftrace().hist("@bytes"), buckets(b.ours()));
    }

    @Test
    void lesson07TimingReads() throws Exception {
        // bpftrace's lesson times vfs_read with kprobe/kretprobe; without kprobes, the read syscall's enter and exit.
        // The reader's pid keeps the forked writer's reads (of its requests) out.
        Process work = DslWorkload.waiting("pipe", "200");
        Beside b = beside("tracepoint:syscalls:sys_enter_read /pid == " + work.pid() + "/ { @start[tid] = nsecs; } "
                        + "tracepoint:syscalls:sys_exit_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }", 2,
                between("tracepoint:syscalls:sys_enter_read", "tracepoint:syscalls:sys_exit_read").when(pid().eq(work.pid()))
                        .hist(elapsed()).by(comm()),
                () -> DslWorkload.go(work));
        Map<String, Long> theirs = b.bpftrace().keyedHist("@ns").get(DslWorkload.COMM);
        Map<String, Long> ours = buckets(b.ours());
        String both = "\nbpftrace: " + theirs + "\none-liner: " + ours;
        assertEquals(200, sum(ours), "200 pipe reads, each timed once" + both);
        assertEquals(sum(theirs), sum(ours), "the same reads" + both);
        // Each read waits at least 1.5 ms for the writer; the two tracers' stamps differ by what the other's program takes
        // (under a microsecond, as the two run one after the other on the same tracepoint), so only a read within that
        // of a power of two can fall on the other side. Measured: the same counts in every bucket in 4 runs of 4 (load ~11).
        for (String bucket : union(theirs.keySet(), ours.keySet())) {
            long difference = Math.abs(theirs.getOrDefault(bucket, 0L) - ours.getOrDefault(bucket, 0L));
            assertTrue(difference <= 2, bucket + " differs by " + difference + " reads" + both);
        }
    }

    @Test
    void lesson08CountProcessLevelEvents() throws Exception {
        // bpftrace ends by itself after the interval, as in the lesson; the workload runs well inside it
        try (BpftraceRun reference = BpftraceRun.start("tracepoint:sched:sched* /" + ME + "/ { @[probe] = count(); } interval:s:20 { exit(); }", 26);
             Tracing ours = on("tracepoint:sched:sched*").when(comm().eq(DslWorkload.COMM)).count().by(probe()).start()) {
            DslWorkload.run("sleep", "20");
            reference.awaitExit();
            Table table = ours.stop().table();
            assertEquals(0, ours.lost(), "the one-liner lost nothing");
            Map<String, Long> counts = counts(table, "probe");
            assertTrue(counts.getOrDefault("tracepoint:sched:sched_process_exec", 0L) == 1, "one exec: " + counts);
            assertEquals(new TreeMap<>(reference.map("@")), new TreeMap<>(counts));
        }
    }

    @Test
    void lesson09ProfileOnCpuKernelStacks() throws Exception {
        Beside b = beside("profile:hz:99 /" + ME + "/ { @[kstack] = count(); }", 0,
                on("profile:hz:99").when(comm().eq(DslWorkload.COMM)).count().by(kstack()),
                () -> DslWorkload.run("getppid", "3000000"));
        Map<String, Long> theirLeaves = leaves(b.bpftrace().map("@"));
        Map<String, Long> ourLeaves = new TreeMap<>();
        for (Row r : b.ours()) ourLeaves.merge(leaf(r.getString("kstack")), r.getLong("count"), Long::sum);
        Map<String, Double> theirs = shares(theirLeaves);
        Map<String, Double> ours = shares(ourLeaves);
        String both = "\nbpftrace (leaf: % of samples, \"\" = in user space): " + theirs + "\none-liner: " + ours;
        assertFalse(above(theirs, 20).isEmpty(), "a getppid() loop spends a fifth of its time somewhere" + both);
        // Two samplers at 99 Hz see the same code at different instants, so each share is an estimate: from n1 and n2
        // samples two estimates of a share p differ by chance with a standard deviation of sqrt(p(1-p)(1/n1 + 1/n2)),
        // 4 points at p = 0.45 and 300 samples each. Five of those are allowed (one in a million). The fixed lines
        // before failed by chance (fresh-clone run 15: __task_pid_nr_ns 10.4% in bpftrace, 6.7% in ours, on either side
        // of a 10% cut; four earlier runs differed by 1.5 to 7.8 points against 10 allowed).
        double n1 = sum(theirLeaves);
        double n2 = sum(ourLeaves);
        for (String leaf : union(theirs.keySet(), ours.keySet())) {
            double mine = ours.getOrDefault(leaf, 0.0);
            double theirShare = theirs.getOrDefault(leaf, 0.0);
            double p = (mine + theirShare) / 200;
            double allowed = 500 * Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
            assertTrue(Math.abs(mine - theirShare) <= allowed,
                    leaf + " differs by more than " + allowed + " points (five standard deviations)" + both);
        }
    }

    @Test
    void lesson10SchedulerTracing() throws Exception {
        Beside b = beside("tracepoint:sched:sched_switch /" + ME + "/ { @[kstack] = count(); }", 1,
                on("tracepoint:sched:sched_switch").when(comm().eq(DslWorkload.COMM)).count().by(kstack()),
                () -> DslWorkload.run("sleep", "100"));
        Map<String, Long> ours = new TreeMap<>();
        for (Row r : b.ours()) ours.merge(r.getString("kstack"), r.getLong("count"), Long::sum);
        Map<String, Long> theirs = new TreeMap<>();
        b.bpftrace().map("@").forEach((stack, n) -> theirs.merge(folded(stack), n, Long::sum));
        assertTrue(ours.values().stream().mapToLong(Long::longValue).sum() >= 100, "100 sleeps switch out at least 100 times: " + ours);
        assertEquals(theirs, ours);
    }

    @Test
    void lesson11BlockIoTracing() throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "dsl-block", ".dat");
        try {
            Beside b = beside("tracepoint:block:block_rq_issue /" + ME + "/ { @ = hist(args->bytes); }", 1,
                    on("tracepoint:block:block_rq_issue").when(comm().eq(DslWorkload.COMM)).hist(arg("bytes")),
                    () -> {
                        DslWorkload.run("direct", "64", "4096", file.toString());
                        DslWorkload.run("direct", "16", "65536", file.toString());
                    });
                assertTrue(b.ours().longColumn("count").sum() > 0, "direct writes reach the disk in the writer's name\n" + b.ours().print());
            assertEquals(b.bpftrace().hist("@"), buckets(b.ours()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void lesson12KernelStructTracing() throws Exception {
        // bpftrace's lesson walks kprobe:vfs_open's struct path; without kprobes, the struct file_lock of a flock() leads to the file's name
        Path file = Files.createTempFile(Path.of("target"), "dsl-lock", ".file");
        try {
            Beside b = beside("tracepoint:filelock:flock_lock_inode /" + ME + "/ { printf(\"lock path: %s\\n\", "
                            + "str(args->fl->c.flc_file->f_path.dentry->d_name.name)); }", 1,
                    on("tracepoint:filelock:flock_lock_inode").when(comm().eq(DslWorkload.COMM))
                            .printf("lock path: %s\n", str(arg("fl").field("c.flc_file.f_path.dentry.d_name.name"))),
                    () -> DslWorkload.run("flock", "5", file.toString()));
            assertEquals(List.of("lock path: " + file.getFileName()), b.ours().stringColumn("text").asList().stream().distinct().toList());
            assertEquals(10, b.ours().rowCount(), "5 locks, 5 unlocks");
            assertEquals(b.bpftrace().printed(), b.ours().stringColumn("text").asList());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** bpftrace's stack key ("\n    leaf+12\n    caller+34\n") as the one-liner's column: names root first, joined with ';'. */
    private static String folded(String stack) {
        List<String> frames = new ArrayList<>(Arrays.stream(stack.strip().split("\n")).map(f -> f.strip().replaceFirst("\\+\\d+$", ""))
                .filter(f -> !f.isEmpty()).toList());
        Collections.reverse(frames);
        return String.join(";", frames);
    }

    private static String leaf(String folded) {
        return folded.substring(folded.lastIndexOf(';') + 1);
    }

    private static Map<String, Long> leaves(Map<String, Long> stacks) {
        Map<String, Long> leaves = new TreeMap<>();
        stacks.forEach((stack, n) -> leaves.merge(leaf(folded(stack)), n, Long::sum));
        return leaves;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Double> shares(Map<String, Long> counts) {
        Map<String, Double> shares = new TreeMap<>();
        counts.forEach((k, n) -> shares.put(k, 100.0 * n / sum(counts)));
        return shares;
    }

    private static List<String> above(Map<String, Double> shares, double percent) {
        return shares.entrySet().stream().filter(e -> e.getValue() >= percent).map(Map.Entry::getKey).sorted().toList();
    }

    private static Map<String, Long> counts(Table t, String key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : t) counts.put(r.getString(key), r.getLong("count"));
        return counts;
    }

    /** A Hist table's non-empty buckets as BpftraceRun spells them: "low..high" ("" where open) → count. */
    static Map<String, Long> buckets(Table hist) {
        Map<String, Long> buckets = new TreeMap<>();
        for (Row r : hist) {
            if (r.getLong("count") == 0) continue;
            String low = hist.longColumn("low").isMissing(r.getRowNumber()) ? "" : Long.toString(r.getLong("low"));
            String high = hist.longColumn("high").isMissing(r.getRowNumber()) ? "" : Long.toString(r.getLong("high"));
            buckets.put(low + ".." + high, r.getLong("count"));
        }
        return buckets;
    }
}
