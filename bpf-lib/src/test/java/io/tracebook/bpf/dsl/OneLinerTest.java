package io.tracebook.bpf.dsl;

import static io.tracebook.bpf.dsl.Trace.arg;
import static io.tracebook.bpf.dsl.Trace.comm;
import static io.tracebook.bpf.dsl.Trace.kstack;
import static io.tracebook.bpf.dsl.Trace.on;
import static io.tracebook.bpf.dsl.Trace.pid;
import static io.tracebook.bpf.dsl.Trace.probe;
import static io.tracebook.bpf.dsl.Trace.retval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.KernelAccess;
import io.tracebook.bpf.KernelObjects;
import io.tracebook.bpf.analysis.Aggregate;
import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** One-liners in the kernel: every kind of probe and action, the cache, leaks, and errors in the generated C. */
class OneLinerTest {
    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void everyGoldenOneLinerCompilesAndPassesTheVerifier() {
        for (Map.Entry<String, Supplier<OneLiner>> e : GeneratedCTest.oneLiners().entrySet()) {
            try (BpfObject o = Bpf.c(e.getValue().get().c()).load()) {
                assertTrue(o.programs().size() >= 1, e.getKey());
            }
        }
    }

    @Test
    void anotherFilterValueReusesTheCompiledObject() throws Exception {
        Process first = DslWorkload.waiting("getppid", "300");
        Process second = DslWorkload.waiting("getppid", "500");
        OneLiner countFirst = on("tracepoint:syscalls:sys_enter_getppid").when(pid().eq(first.pid())).count();
        OneLiner countSecond = on("tracepoint:syscalls:sys_enter_getppid").when(pid().eq(second.pid())).count();
        try (Tracing a = countFirst.start()) {
            long clangRuns = BpfCompiler.shared().clangRuns();
            try (Tracing b = countSecond.start()) {
                assertEquals(clangRuns, BpfCompiler.shared().clangRuns(), "the second pid needed no compile");
                DslWorkload.go(first);
                DslWorkload.go(second);
                assertEquals(300, a.stop().table().longColumn("count").get(0), "the first one-liner counted its pid only");
                assertEquals(500, b.stop().table().longColumn("count").get(0), "the second, loaded from the same object, its own");
            }
        }
    }

    @Test
    void nothingIsLeftInTheKernel() throws Exception {
        String prefix = "on_sys_enter_getpgid".substring(0, 15);   // the kernel keeps 15 characters of a name
        KernelObjects.Counts before = KernelObjects.now(prefix);
        try (Tracing t = on("tracepoint:syscalls:sys_enter_getpgid").count().start()) {
            assertEquals(new KernelObjects.Counts(before.programs() + 1, before.links() + 1), KernelObjects.now(prefix));
        }
        assertEquals(before, KernelObjects.await(prefix, before));
        on("tracepoint:syscalls:sys_enter_getpgid").count().run(Duration.ofMillis(10));
        assertEquals(before, KernelObjects.await(prefix, before));
        OneLiner halfAttachable = on("tracepoint:syscalls:sys_enter_getpgid", "uprobe:libc:dsl_no_such_function").count();
        assertThrows(AttachException.class, halfAttachable::start);
        assertEquals(before, KernelObjects.await(prefix, before), "a failed attach closes what it loaded");
    }

    @Test
    void beginAndEndRunOnceEach() throws Exception {
        try (Tracing t = on("BEGIN", "END").printf("%s\n", probe()).start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;   // the reader takes events every few milliseconds
            while (t.table().rowCount() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(List.of("BEGIN"), t.table().stringColumn("text").asList());
            assertEquals(List.of("BEGIN", "END"), t.stop().table().stringColumn("text").asList());
        }
    }

    @Test
    void anIntervalFiresUntilStopped() throws Exception {
        try (Tracing t = on("interval:ms:20").count().start()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (t.table().longColumn("count").get(0) < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(t.table().longColumn("count").get(0) >= 3, "20 ms interval ran at least 3 times");
        }
    }

    @Test
    void uprobesCountCallsAndSeeWhatTheyReturn() throws Exception {
        Process work = DslWorkload.waiting("getppid", "321");
        try (Tracing calls = on("uprobe:libc:getppid").when(pid().eq(work.pid())).count().start();
             Tracing returns = on("uretprobe:libc:getppid").when(pid().eq(work.pid())).stats(retval()).start()) {
            DslWorkload.go(work);
            assertEquals(321, calls.stop().table().longColumn("count").get(0));
            Table r = returns.stop().table();
            long jvm = ProcessHandle.current().pid();
            assertEquals(List.of(321L, jvm, jvm), List.of(r.longColumn("count").get(0), r.longColumn("min").get(0), r.longColumn("max").get(0)),
                    "each call returned the parent's pid, this JVM's\n" + r.print());
        }
    }

    @Test
    void usdtProbesOfTheJvm() throws Exception {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        try (Tracing t = on("usdt:" + libjvm + ":hotspot:thread__start").when(pid().eq(ProcessHandle.current().pid())).count().start()) {
            for (int i = 0; i < 3; i++) Thread.ofPlatform().start(() -> { }).join();
            assertTrue(t.stop().table().longColumn("count").get(0) >= 3, "three threads started in this JVM");
        }
    }

    @Test
    void aggregationsAgreeWithTheEventsTheySummarise() throws Exception {
        String exits = "tracepoint:syscalls:sys_exit_read";
        try (Tracing events = on(exits).when(comm().eq(DslWorkload.COMM)).emit(comm(), arg("ret")).start();
             Tracing stats = on(exits).when(comm().eq(DslWorkload.COMM)).stats(arg("ret")).by(comm()).start();
             Tracing perInterval = on(exits).when(comm().eq(DslWorkload.COMM)).count().per(Duration.ofMillis(100)).start();
             Tracing top = on(exits).when(comm().eq(DslWorkload.COMM)).count().by(arg("ret")).top(3).start()) {
            DslWorkload.run("read", "1200");
            Table sent = events.stop().table();
            assertEquals(1201, sent.rowCount(), "1200 reads and the loader's");
            Table expected = Aggregate.by(sent, "comm").stats("ret");
            Table counted = stats.stop().table();
            for (String column : List.of("count", "sum", "min", "max")) {
                assertEquals(expected.numberColumn(column).getDouble(0), counted.numberColumn(column).getDouble(0), column + "\n" + counted.print());
            }
            assertEquals(expected.doubleColumn("avg").get(0), counted.doubleColumn("avg").get(0), 1e-9);
            assertEquals(1201, perInterval.stop().table().longColumn("count").sum(), "every read in some interval");
            Table largest = top.stop().table();
            assertEquals(3, largest.rowCount(), largest.print());
            assertEquals(Aggregate.by(sent, "ret").count().longColumn("count").get(0), largest.longColumn("count").get(0));
        }
    }

    @Test
    void eventsNameTheirProbeAndStack() throws Exception {
        try (Tracing t = on("tracepoint:sched:sched_process_exec").when(comm().eq(DslWorkload.COMM)).emit(pid(), probe(), kstack()).start()) {
            long pid = DslWorkload.run("getppid", "1");
            Table exec = t.stop().table();
            assertEquals(List.of(pid), exec.longColumn("pid").asList());
            assertEquals("tracepoint:sched:sched_process_exec", exec.stringColumn("probe").get(0));
            assertTrue(exec.stringColumn("kstack").get(0).contains("bprm_execve"), exec.stringColumn("kstack").get(0));
        }
    }

    @Test
    void liveRedrawsAViewAndReturnsTheFinalTable() {
        AtomicInteger frames = new AtomicInteger();
        Table last = on("tracepoint:syscalls:sys_enter_getpgid").count().live(Duration.ofMillis(400), t -> {
            frames.incrementAndGet();
            return t;
        });
        assertTrue(frames.get() >= 2, "the first frame and the last at least: " + frames);
        assertEquals(List.of("count"), last.columnNames());
    }

    @Test
    void kfuncsWorkOrSayTheKernelRefusesTrampolines() {
        OneLiner reads = on("kfunc:vfs_read").count().by(comm());
        assertTrue(reads.c().contains("int BPF_PROG(on_vfs_read, struct file *file, char *buf, size_t count, loff_t *pos)"), reads.c());
        try (Tracing t = reads.start()) {
            assertTrue(t.table().rowCount() >= 0, "this kernel has trampolines: the one-liner is attached");
        } catch (UnsupportedFeatureException e) {
            assertEquals("fentry", e.feature(), e.getMessage());
        }
    }

    @Test
    void anErrorInTheGeneratedCNamesItsDslCall() {
        OneLiner oneLiner = on("tracepoint:syscalls:sys_exit_read").when(comm().eq("x")).hist(arg("ret"));
        String[] lines = oneLiner.c().split("\n");
        int histLine = 0;
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("hist_log2_add")) histLine = i + 1;
        CompileException clang = new CompileException("BPF C does not compile", List.of(new CompileException.Diagnostic(histLine, 2, "error",
                "something clang said", lines[histLine - 1])), "clang's whole output");
        BpfException told = GeneratedErrors.explain(clang, oneLiner.spec(), oneLiner.generated());
        OneLinerException e = assertThrows(OneLinerException.class, () -> {
            throw told;
        });
        assertEquals("hist(arg(\"ret\"))", e.call());
        assertTrue(e.getMessage().startsWith("the C written for hist(arg(\"ret\")) does not compile (something clang said) at line " + histLine),
                e.getMessage());
        assertTrue(e.details().contains("hist_log2_add") && e.details().contains("clang's whole output"), e.details());
        assertEquals(clang, e.getCause());
    }
}
