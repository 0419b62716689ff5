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
        Process spin = Workload.start("spin", "3000");
        try (Profile profile = Profile.start(199, spin.pid())) {
            Thread.sleep(1500);
            Table samples = profile.stop().samples();
            for (Row row : samples) assertEquals(spin.pid(), row.getLong("pid"), "only the workload is sampled");
            Table frames = profile.frames();
            Map<String, Long> leaves = new HashMap<>();
            for (Row row : frames.where(frames.booleanColumn("leaf").isTrue())) {
                leaves.merge(row.getString("frame"), row.getLong("count"), Long::sum);
            }
            long total = (long) samples.longColumn("count").sum();
            String hottest = leaves.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals("tracebook_spin_loop", hottest, leaves + "\n" + samples.print(20));
            // 1.5 s at 199 Hz of one busy CPU: at most about 300 samples (cpu-clock counts only while the loop runs,
            // so a machine busy with other work gives fewer); at least enough to name the hottest frame.
            assertTrue(total > 20 && total < 450, total + " samples");
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

    @Test
    void kernelStacksOfASyscallAreNamed() throws Exception {
        Process spin = Workload.start("open", "100000000");
        try (Profile profile = Profile.start(199, spin.pid())) {
            Thread.sleep(1000);
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
