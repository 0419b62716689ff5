package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.stream.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Programs as people write them outside Tracebook: the event struct in the tool's header, filled on the stack and
 * sent, so that clang leaves it out of BTF; the same program prebuilt with or without DWARF; a program sending
 * records that are not the struct decoded.
 */
class HeaderStructsTest {
    private static final String HEADER = """
            #ifndef TOOL_H
            #define TOOL_H
            struct event { int pid; unsigned int seq; char comm[16]; };
            struct counter { unsigned long long n; };
            #endif
            """;
    private static final String PROGRAM = """
            #include "vmlinux.h"
            #include <bpf/bpf_helpers.h>
            #include "tool.h"
            const volatile int target = 0;
            unsigned int seq = 0;
            struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } events SEC(".maps");
            SEC("tracepoint/syscalls/sys_enter_getpid")
            int header_struct(void *ctx) {
                struct event e = {};
                e.pid = bpf_get_current_pid_tgid() >> 32;
                if (e.pid != target) return 0;
                e.seq = ++seq;
                bpf_get_current_comm(e.comm, sizeof(e.comm));
                bpf_ringbuf_output(&events, &e, SHORT ? 6 : sizeof(e), 0);
                return 0;
            }
            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    private Path tool(boolean shortRecords) throws Exception {
        Files.writeString(dir.resolve("tool.h"), HEADER);
        return Files.writeString(dir.resolve("tool.bpf.c"), PROGRAM.replace("SHORT", shortRecords ? "1" : "0"));
    }

    private static Table threeEvents(BpfObject o, EventStream events) {
        for (int i = 0; i < 3; i++) LibC.getpid();
        return events.take(3, Duration.ofSeconds(5));
    }

    @Test
    void aStructOfTheToolsHeaderIsFoundByItself() throws Exception {
        try (BpfObject o = Bpf.file(tool(false)).set("target", (int) ProcessHandle.current().pid()).load().attach()) {
            EventStream events = o.events("events");
            Table t = threeEvents(o, events);
            assertEquals(List.of("pid", "seq", "comm"), t.columnNames(), "struct event of tool.h, not struct counter");
            assertEquals(List.of(1L, 2L, 3L), t.longColumn("seq").asList());
        }
    }

    @Test
    void aPrebuiltObjectFindsANamedStructInItsDwarf() throws Exception {
        Path object = clang(tool(false), "tool.o", "-g");
        try (BpfObject o = Bpf.file(object).set("target", (int) ProcessHandle.current().pid()).load().attach()) {
            BpfException unnamed = assertThrows(BpfException.class, () -> o.events("events"));
            assertTrue(unnamed.getMessage().contains("name the struct, e.g. events(\"events\", \"event\")"), unnamed.getMessage());
            Table t = threeEvents(o, o.events("events", "event"));
            assertEquals(List.of("pid", "seq", "comm"), t.columnNames());
            assertEquals(List.of(1L, 2L, 3L), t.longColumn("seq").asList());
        }
        Path withoutDwarf = dir.resolve("stripped.o");
        Fixtures.run(null, "llvm-strip", "--strip-debug", object.toString(), "-o", withoutDwarf.toString()); // BTF stays, DWARF goes
        try (BpfObject o = Bpf.file(withoutDwarf).load()) {
            BpfException e = assertThrows(BpfException.class, () -> o.events("events", "event"));
            assertTrue(e.getMessage().contains("no struct 'event' in this program (the object has no DWARF to look in: compile it with clang -g"),
                    e.getMessage());
        }
    }

    @Test
    void recordsOfAnotherShapeAreCountedApartFromLosses() throws Exception {
        try (BpfObject o = Bpf.file(tool(true)).set("target", (int) ProcessHandle.current().pid()).load().attach()) {
            EventStream events = o.events("events");
            for (int i = 0; i < 3; i++) LibC.getpid();
            Table t = events.collect(Duration.ofMillis(300));
            assertEquals(0, t.rowCount());
            assertEquals(3, events.undecodable(), "6-byte records end inside field seq");
            assertEquals(0, events.lost(), "nothing was lost: everything arrived");
            assertTrue(events.toString().contains("undecodable 3"), events.toString());
        }
    }

    private Path clang(Path source, String name, String... flags) throws Exception {
        Path object = dir.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of("clang", "-O2", "-target", "bpf", "-D__TARGET_ARCH_x86",
                "-I", BpfCompiler.shared().includeDir().toString()));
        command.addAll(List.of(flags));
        command.addAll(List.of("-c", source.toString(), "-o", object.toString()));
        Fixtures.run(null, command.toArray(String[]::new));
        return object;
    }
}
