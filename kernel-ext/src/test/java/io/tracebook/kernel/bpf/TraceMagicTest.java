package io.tracebook.kernel.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code %trace}'s line as the Java it runs; the magic in a notebook is in test_oneliners.py. */
class TraceMagicTest {

    @Test
    void probesThenTheChainThenALiveViewOfTenSeconds() {
        assertEquals("io.tracebook.bpf.dsl.Trace.on(\"tracepoint:raw_syscalls:sys_enter\").count().by(comm())"
                        + ".live(java.time.Duration.ofMillis(10000))",
                TraceMagic.java("tracepoint:raw_syscalls:sys_enter count().by(comm())"));
    }

    @Test
    void quotesInTheChainAreKeptAndSeveralProbesAreOneCall() {
        assertEquals("io.tracebook.bpf.dsl.Trace.on(\"tracepoint:syscalls:sys_enter_openat\", \"tracepoint:syscalls:sys_enter_open\")"
                        + ".when(comm().eq(\"bash\")).printf(\"%s %s\\n\", comm(), str(arg(\"filename\"))).live(java.time.Duration.ofMillis(2000))",
                TraceMagic.java("--for 2s tracepoint:syscalls:sys_enter_openat tracepoint:syscalls:sys_enter_open "
                        + "when(comm().eq(\"bash\")).printf(\"%s %s\\n\", comm(), str(arg(\"filename\")))"));
    }

    @Test
    void betweenTimesFromOneProbeToTheOther() {
        assertEquals("io.tracebook.bpf.dsl.Trace.between(\"tracepoint:syscalls:sys_enter_read\", \"tracepoint:syscalls:sys_exit_read\")"
                        + ".hist(elapsed()).by(comm()).c()",
                TraceMagic.java("--c between tracepoint:syscalls:sys_enter_read tracepoint:syscalls:sys_exit_read hist(elapsed()).by(comm())"));
    }

    @Test
    void whatIsMissingIsSaid() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceMagic.java("tracepoint:sched:sched_switch"))
                .getMessage().startsWith("usage: %trace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceMagic.java("--for ten tracepoint:a:b count()"))
                .getMessage().contains("500ms, 10s or 2m"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceMagic.java("between tracepoint:a:b count()"))
                .getMessage().startsWith("between takes a start probe and an end probe"));
    }
}
