package io.tracebook.bpf.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.KernelAccess;
import io.tracebook.bpf.Workload;
import io.tracebook.bpf.chart.Svg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** A real CPU profile of the workload's busy loop, symbolized from its ELF file and /proc/kallsyms. */
class ProfileTest {
    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void theHottestUserFrameOfABusyLoopIsItsFunction() throws Exception {
        Process spin = Workload.start("spin", "600000"); // spins until destroyed
        long started = System.nanoTime();
        try (Profile profile = Profile.start(199, spin.pid())) {
            // Enough samples to name the hottest frame, however much CPU a busy machine leaves the loop.
            awaitSamples(profile, 150);
            Table samples = profile.stop().samples();
            double watchedSeconds = (System.nanoTime() - started) / 1e9;
            for (Row row : samples) assertEquals(spin.pid(), row.getLong("pid"), "only the workload is sampled");
            Table frames = profile.frames();
            Map<String, Long> leaves = new HashMap<>();
            for (Row row : frames.where(frames.booleanColumn("leaf").isTrue())) {
                leaves.merge(row.getString("frame"), row.getLong("count"), Long::sum);
            }
            long total = (long) samples.longColumn("count").sum();
            String hottest = leaves.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals("tracebook_spin_loop", hottest, leaves + "\n" + samples.print(20));
            // One thread sampled at 199 Hz: at most 199 samples per second watched (10% for the timer's jitter);
            // cpu-clock counts only while the loop runs, so a machine busy with other work gives fewer.
            assertTrue(total >= 150 && total <= watchedSeconds * 199 * 1.1, total + " samples in " + watchedSeconds + " s");
            assertTrue(leaves.get("tracebook_spin_loop") > total * 0.8, leaves.toString());
            assertTrue(samples.stringColumn("user_stack").get(0).startsWith("__libc_start_main") || samples.stringColumn("user_stack").get(0).contains("main;tracebook_spin_loop"),
                    "frames root first, main calls the loop: " + samples.stringColumn("user_stack").get(0));

            Table folded = profile.folded();
            assertEquals(total, (long) folded.longColumn("count").sum());
            Svg svg = profile.flameGraph();
            assertTrue(svg.markup().contains(">tracebook_spin_loop<"), "the loop's box is wide enough for its name");
            assertTrue(svg.toString().contains(", " + total + " samples"), svg.toString());
            Files.createDirectories(Path.of("target"));
            svg.save(Path.of("target", "profile-flamegraph.svg"));
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }

    private static void awaitSamples(Profile profile, long wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && (long) profile.samples().longColumn("count").sum() < wanted) Thread.sleep(200);
    }

    @Test
    void kernelStacksOfASyscallAreNamed() throws Exception {
        Process spin = Workload.start("open", "100000000");
        try (Profile profile = Profile.start(199, spin.pid())) {
            awaitSamples(profile, 150);
            Table samples = profile.samples();
            String kernel = String.join("\n", samples.stringColumn("kernel_stack").asList());
            assertTrue(kernel.contains("do_syscall_64" + Profile.KERNEL_SUFFIX), kernel);
            assertTrue(kernel.contains("do_sys_openat2" + Profile.KERNEL_SUFFIX), kernel);
            // libc has no frame pointers, so above its open/close wrapper the user stack is unreliable: check the leaf only
            String user = String.join("\n", samples.stringColumn("user_stack").asList());
            assertTrue(samples.stringColumn("user_stack").asList().stream().anyMatch(s -> s.matches(".*;\\w*(open|close)\\w*")), user);
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }
}
