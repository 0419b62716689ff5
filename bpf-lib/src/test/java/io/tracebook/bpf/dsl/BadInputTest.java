package io.tracebook.bpf.dsl;

import static io.tracebook.bpf.dsl.Trace.arg;
import static io.tracebook.bpf.dsl.Trace.comm;
import static io.tracebook.bpf.dsl.Trace.elapsed;
import static io.tracebook.bpf.dsl.Trace.on;
import static io.tracebook.bpf.dsl.Trace.pid;
import static io.tracebook.bpf.dsl.Trace.retval;
import static io.tracebook.bpf.dsl.Trace.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.sys.KernelFeatures;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input fails at the call that is wrong, with a message saying what to write instead, before anything
 * reaches clang (each test checks that clang did not run).
 */
class BadInputTest {
    private long clangRunsBefore;

    @BeforeEach
    void tracefs() {
        TracefsAccess.require();
        clangRunsBefore = BpfCompiler.shared().clangRuns();
    }

    @AfterEach
    void nothingReachedClang() {
        assertEquals(clangRunsBefore, BpfCompiler.shared().clangRuns(), "clang ran");
    }

    private static Probes opens() {
        return on("tracepoint:syscalls:sys_enter_openat");
    }

    /** The wrong call fails, naming itself; the message holds every one of {@code says}. */
    private static OneLinerException failsAt(String call, Executable wrong, String... says) {
        OneLinerException e = assertThrows(OneLinerException.class, wrong);
        assertEquals(call, e.call(), e.getMessage());
        for (String s : says) assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void aFilterOfTheWrongType() {
        Probes opens = opens();
        failsAt("when(arg(\"filename\").eq(5))", () -> opens.when(arg("filename").eq(5)),
                "the address of user text (char *)", "compare str(arg(\"filename\")) instead");
        failsAt("when(arg(\"flags\").eq(\"O_RDONLY\"))", () -> opens.when(arg("flags").eq("O_RDONLY")), "is a number (s64)");
        failsAt("when(pid().eq(-1))", () -> opens.when(pid().eq(-1)), "a number (u32): -1 is out of its range");
        failsAt("when(comm().eq(\"a-name-longer-than-15\"))", () -> opens.when(comm().eq("a-name-longer-than-15")),
                "holds at most 15 bytes of text", "could never hold");
    }

    @Test
    void aHistogramOfText() {
        Probes opens = opens();
        // hist(comm()) or hist(str(..)) does not compile in Java; an argument's type is known only at its probe
        failsAt("hist(arg(\"filename\"))", () -> opens.hist(arg("filename")), "hist() needs a number", "the address of user text");
        failsAt("sum(arg(\"filename\"))", () -> opens.sum(arg("filename")), "sum() needs a number");
    }

    @Test
    void aKeyThatCannotBeAMapKey() {
        failsAt("by(arg(\"filename\"))", () -> opens().count().by(arg("filename")),
                "cannot be a map key", "use str(arg(\"filename\"))");
        failsAt("by(arg(\"args\"))", () -> on("tracepoint:raw_syscalls:sys_enter").count().by(arg("args")),
                "an array or other aggregate (unsigned long[6])");
        failsAt("by(comm())", () -> opens().printf("%s\n", comm()).by(comm()), "gives an aggregation its keys");
    }

    @Test
    void anUnknownProbe() {
        AttachException e = assertThrows(AttachException.class, () -> on("tracepoint:syscalls:sys_enter_opnat"));
        assertTrue(e.getMessage().contains("on(\"tracepoint:syscalls:sys_enter_opnat\")"), e.getMessage());
        assertTrue(e.suggestions().contains("syscalls:sys_enter_openat"), e.getMessage());
        failsAt("on(\"tracepont:sched:sched_switch\")", () -> on("tracepont:sched:sched_switch"), "did you mean tracepoint");
        failsAt("on(\"profile:hz:0\")", () -> on("profile:hz:0"), "a positive count");
        failsAt("on(\"uprobe:libc\")", () -> on("uprobe:libc"), "uprobe:binary:function");
        assertThrows(AttachException.class, () -> on("tracepoint:sched:no_such_event*"));
    }

    @Test
    void aWrongFieldNameListsTheFields() {
        failsAt("emit(arg(\"filenme\"))", () -> opens().emit(arg("filenme")), "has no field 'filenme' — did you mean filename?",
                "Its fields: __syscall_nr (int), dfd (int), filename (const char *), flags (int), mode (umode_t)");
        failsAt("emit(arg(0))", () -> opens().emit(arg(0)), "names its fields: use arg(\"name\")");
        failsAt("printf(\"%s\\n\", str(arg(\"fl\").field(\"c.flc_fil\")))", () -> on("tracepoint:filelock:flock_lock_inode")
                .printf("%s\n", str(arg("fl").field("c.flc_fil"))), "struct file_lock_core has no member 'flc_fil' — did you mean flc_file", "Its members: flc_blocker");
    }

    @Test
    void builtinsWhereTheyMeanNothing() {
        failsAt("hist(retval())", () -> on("tracepoint:syscalls:sys_exit_read").hist(retval()), "here it is the field arg(\"ret\")");
        failsAt("hist(elapsed())", () -> opens().hist(elapsed()), "Trace.between(start, end)");
    }

    @Test
    void printfChecksItsValues() {
        failsAt("printf(\"%s %s\\n\", comm())", () -> opens().printf("%s %s\n", comm()), "2 conversions but 1 value");
        failsAt("printf(\"%d\\n\", comm())", () -> opens().printf("%d\n", comm()), "wants a number", "comm() is text (char[16])");
    }

    @Test
    void modifiersOfTheWrongAction() {
        failsAt("per(PT1S)", () -> opens().hist(pid()).per(Duration.ofSeconds(1)), "follows count()");
        failsAt("top(0)", () -> opens().count().by(comm()).top(0), "keeps nothing");
        failsAt("lhist(pid(), 0, 100, 30)", () -> opens().lhist(pid(), 0, 100, 30), "not a whole number of steps");
    }

    @Test
    void textThatDoesNotFitTheStack() {
        failsAt("by(str(arg(\"filename\"), 256).as(\"a\"), str(arg(\"filename\"), 255).as(\"b\"))",
                () -> opens().count().by(str(arg("filename"), 256).as("a"), str(arg("filename"), 255).as("b")), "on the BPF stack");
    }

    @Test
    void kprobesWhereTheKernelHasNone() {
        OneLiner reads = on("kprobe:vfs_read").count().by(comm());
        assertTrue(reads.c().contains("SEC(\"kprobe/vfs_read\")"), "the C is there to read:\n" + reads.c());
        if (KernelFeatures.hasKprobes()) return;   // then AttachKindsTest's kprobe case covers them
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, reads::start);
        assertEquals("kprobes", e.feature());
    }
}
