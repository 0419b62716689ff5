package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.sys.KernelFeatures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' biosnoop, unmodified: an fentry program (whose target its user space picks by kernel version), a kprobe,
 * and tp_btf programs. This kernel runs neither fentry nor kprobes, and Debian's biosnoop fails on the fentry program:
 * the errors name the program and the switch; with both off, biosnoop still times every request (without the
 * process that started it), and bpftrace on the same block tracepoint is the reference, on a loop device of our own.
 */
class BiosnoopTest {
    private static final int READS = 128;
    private static final Pattern COMPLETION = Pattern.compile("^rq (\\d+) (\\d+)$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    private static OpenObject biosnoop(LoopDevice disk) throws Exception {
        return Bpf.file(LibbpfTools.source("biosnoop")).attachTarget("blk_account_io_start", "blk_account_io_start")
                .autoload("block_rq_insert", false) // biosnoop attaches it for -Q only
                .set("filter_dev", true).set("targ_dev", (int) disk.dev());
    }

    @Test
    void timesTheSameRequestsAsBpftraceWithItsFentryAndKprobeSwitchedOff() throws Exception {
        try (LoopDevice disk = LoopDevice.create(8);
             var workload = RwWorkload.start("rw-biosnoop", "direct-reads", disk.path().toString(), String.valueOf(READS), "4096");
             var bpftrace = ReferenceTool.bpftrace("tracepoint:block:block_rq_complete /args->dev == " + disk.dev()
                     + "/ { printf(\"rq %llu %u\\n\", args->sector, args->nr_sector * 512); }")) {
            try (BpfObject whole = biosnoop(disk).load()) {
                assertTrue(whole.program("blk_account_io_start").isLoaded(), "a kernel with BPF trampolines loads it all");
            } catch (UnsupportedFeatureException fentry) {
                assertEquals("fentry", fentry.feature());
                assertTrue(fentry.getMessage().startsWith("program 'blk_account_io_start' (SEC(\"fentry/blk_account_io_start\")) needs "
                        + "BPF trampolines"), fentry.getMessage());
                assertTrue(fentry.getMessage().contains("switch it off before load with .autoload(\"blk_account_io_start\", false)"));
            }
            if (!KernelFeatures.hasKprobes()) {
                try (BpfObject o = biosnoop(disk).autoload("blk_account_io_start", false).load()) {
                    UnsupportedFeatureException kprobe = assertThrows(UnsupportedFeatureException.class, o::attach);
                    assertTrue(kprobe.getMessage().contains("program 'blk_account_io_merge_bio' (SEC(\"kprobe/blk_account_io_merge_bio\")) "
                            + "needs kprobes"), kprobe.getMessage());
                    assertTrue(o.links().isEmpty(), "attach() checks them all before it attaches any");
                }
            }
            Map<String, Integer> ours = new HashMap<>();
            long before;
            try (BpfObject o = biosnoop(disk).autoload("blk_account_io_start", false).autoload("blk_account_io_merge_bio", false)
                    .load().attach()) {
                EventStream events = o.events("events");
                before = disk.requestsCompleted();
                workload.runToEnd();
                Table t = events.collect(Duration.ofSeconds(1));
                assertEquals(0, events.lost());
                for (int row = 0; row < t.rowCount(); row++) {
                    ours.merge(t.longColumn("sector").get(row) + " " + t.longColumn("len").get(row), 1, Integer::sum);
                    assertEquals(disk.dev(), t.longColumn("dev").get(row));
                }
            }
            int decoded = ours.values().stream().mapToInt(Integer::intValue).sum();
            long skipped = bpftrace.missedRuns();
            bpftrace.awaitLines(COMPLETION, (int) Math.max(0, decoded - skipped));
            Map<String, Integer> theirs = new HashMap<>();
            Matcher m = COMPLETION.matcher(bpftrace.stop());
            while (m.find()) theirs.merge(m.group(1) + " " + m.group(2), 1, Integer::sum);
            System.out.println("biosnoop of " + disk.name() + ": ours " + ours.size() + " requests (sector, bytes), bpftrace's " + theirs.size()
                    + ", its program skipped " + skipped + " times");
            // Not "one 4 KiB request per direct read": in one fresh-clone run (2026-12-07) the 128 reads came out as 101
            // distinct (sector, bytes) requests, no (0, 4096) among them, and bpftrace, skipping nothing, saw exactly the
            // same 101. bpftrace on the same requests is the check (below); the device's own count only bounds ours, as in
            // BiolatencyTest (it counts a request after its tracepoint has run, so it may trail ours for a moment).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (disk.requestsCompleted() - before < decoded && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(disk.requestsCompleted() - before >= decoded, "the device's own count of requests bounds ours: " + ours);
            assertTrue(decoded > 0, "the direct reads made requests");
            // bpftrace's tracepoint program is skipped while another BPF program runs on the CPU (biosnoop's tp_btf ones
            // are not): with no skip the two see the same requests; with skips, every one bpftrace printed is one of
            // ours, and it misses no more than it skipped (its skips count other disks' completions too).
            if (skipped == 0) {
                assertEquals(theirs, ours);
            } else {
                assertTrue(ours.entrySet().containsAll(theirs.entrySet()), "bpftrace's requests are ours: " + theirs);
                int printed = theirs.values().stream().mapToInt(Integer::intValue).sum();
                assertTrue(decoded - printed <= skipped, decoded + " decoded, bpftrace printed " + printed + " and skipped " + skipped);
            }
        }
    }
}
