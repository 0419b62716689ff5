package io.tracebook.bpf.realworld;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The kernel's own interrupt counts, /proc/interrupts: per handler name, summed over the CPUs. */
final class ProcInterrupts {
    private ProcInterrupts() {
    }

    static Map<String, Long> now() throws IOException {
        var lines = Files.readAllLines(Path.of("/proc/interrupts"));
        int cpus = lines.getFirst().trim().split("\\s+").length;
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (!fields[0].matches("\\d+:") || fields.length < cpus + 2) continue; // NMI, LOC, ...: no handler of a device
            long sum = 0;
            for (int cpu = 1; cpu <= cpus; cpu++) sum += Long.parseLong(fields[cpu]);
            counts.merge(fields[fields.length - 1], sum, Long::sum);
        }
        return counts;
    }

    /** How much each count grew from {@code before} to {@code after}. */
    static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
        return after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
    }
}
