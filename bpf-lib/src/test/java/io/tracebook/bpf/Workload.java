package io.tracebook.bpf;

import io.tracebook.bpf.ffi.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' own workload program (src/test/resources/workload.c), built with gcc once per run, with
 * frame pointers so that the kernel can walk its user stacks for the profile tests.
 */
public final class Workload {
    private static Path binary;

    /**
     * A BPF C helper for programs that must see only this JVM's workloads: {@code is_workload()} is true in a process
     * named "workload" whose parent is this JVM, as other test runs on the machine may run theirs meanwhile. Set
     * {@code test_pid} to {@code LibC.getpid()} before load (a program that does not sees no workload at all).
     */
    public static final String IS_WORKLOAD_C = """
            const volatile u32 test_pid = 0;
            static __always_inline bool is_workload(void) {
                char comm[16];
                bpf_get_current_comm(comm, sizeof(comm));
                if (*(u64 *)comm != 0x64616f6c6b726f77ULL /* "workload" */ || comm[8]) return false;
                struct task_struct *task = (void *)bpf_get_current_task();
                return BPF_CORE_READ(task, real_parent, tgid) == test_pid;
            }
            """;

    private Workload() {
    }

    public static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) return binary;
        Path dir = Files.createDirectories(Path.of("target", "workload"));
        Path source = dir.resolve("workload.c");
        try (InputStream in = Workload.class.getResourceAsStream("/workload.c")) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = dir.resolve("workload");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-fno-omit-frame-pointer", "-o", out.toString(), source.toString()).inheritIO().start();
        if (gcc.waitFor() != 0) throw new IOException("gcc failed to build the test workload");
        binary = out.toAbsolutePath();
        return binary;
    }

    /** Runs the workload to completion; returns its pid. */
    public static long run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("workload did not finish");
        }
        if (p.exitValue() != 0) throw new IOException("workload failed: " + p.exitValue());
        return p.pid();
    }

    public static Process start(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Calls getpid() {@code callsEach} times on each of {@code threads} threads of this JVM, and waits for them. */
    static void getpidOnThreads(int threads, int callsEach) throws InterruptedException {
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            callers.add(Thread.ofPlatform().start(() -> {
                for (int c = 0; c < callsEach; c++) LibC.getpid();
            }));
        }
        for (Thread t : callers) t.join();
    }
}
