package io.tracebook.bpf.dsl;

import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.KernelAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * bpftrace 0.17 running a program beside the one-liner under test ({@code -f json}): started first and waited
 * for until its probes are attached, stopped with SIGINT (as Ctrl-C) after the workload, its records parsed.
 */
final class BpftraceRun implements AutoCloseable {
    private static final long ATTACH_SECONDS = 180;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;
    private final Thread errorReader;

    private BpftraceRun(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> read(process.inputReader(StandardCharsets.UTF_8), lines));
        this.errorReader = Thread.ofPlatform().daemon().start(() -> {
            List<String> err = new ArrayList<>();
            read(process.errorReader(StandardCharsets.UTF_8), err);
            synchronized (errors) {
                err.forEach(l -> errors.append(l).append('\n'));
            }
        });
    }

    private static void read(BufferedReader in, List<String> into) {
        try (in) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (into) {
                    into.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /**
     * Starts {@code bpftrace -f json -e program} and returns once its probes are attached: bpftrace reports them
     * attached before it attaches them (seen: the first events of a workload started right after missed), so this
     * also waits until {@code bpftool perf show} lists {@code tracepoints} tracepoint attachments of the process.
     */
    static BpftraceRun start(String program, int tracepoints) throws IOException, InterruptedException {
        KernelAccess.require();
        requireInstalled();
        BpftraceRun run = new BpftraceRun(new ProcessBuilder("bpftrace", "-f", "json", "-e", program).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ATTACH_SECONDS);
        while (!run.attached()) {
            if (!run.process.isAlive()) {
                run.errorReader.join(5000);
                fail("bpftrace exited before attaching (" + run.process.exitValue() + "):\n" + run.errors() + "\nprogram: " + program);
            }
            if (System.nanoTime() > deadline) {
                run.close();
                fail("bpftrace did not attach within " + ATTACH_SECONDS + " s:\n" + run.errors());
            }
            Thread.sleep(50);
        }
        while (run.tracepointsAttached() < tracepoints) {
            if (System.nanoTime() > deadline) {
                run.close();
                fail("bpftrace attached " + run.tracepointsAttached() + " of " + tracepoints + " tracepoints in " + ATTACH_SECONDS + " s");
            }
            Thread.sleep(50);
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    private int tracepointsAttached() throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "-j", "perf", "show").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        bpftool.waitFor();
        int n = 0;
        for (Object o : (List<Object>) Json.parse(out.isBlank() ? "[]" : out)) {
            if (((Number) ((Map<String, Object>) o).get("pid")).longValue() == process.pid()) n++;
        }
        return n;
    }

    private boolean attached() {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains("\"attached_probes\""));
        }
    }

    private List<String> snapshot() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private String errors() {
        synchronized (errors) {
            return errors.toString();
        }
    }

    /**
     * Stops it as Ctrl-C does (it prints its maps) and waits for it to end. bpftrace 0.17 now and then misses a
     * SIGINT sent soon after it reported its probes attached (seen twice in ten runs: it then ran on until killed),
     * so the signal is sent again every 2 s until it ends.
     */
    void stop() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (process.isAlive() && System.nanoTime() < deadline) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            process.waitFor(2, TimeUnit.SECONDS);
        }
        awaitExit();
    }

    /** Waits for it to end by itself (an {@code exit()} in the program). */
    void awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("bpftrace did not exit within 120 s; it printed:\n" + String.join("\n", snapshot()) + "\nand on stderr:\n" + errors());
        }
        reader.join(10_000);
        errorReader.join(10_000);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> records(String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        synchronized (lines) {
            for (String line : lines) {
                if (line.isBlank()) continue;
                Map<String, Object> record = (Map<String, Object>) Json.parse(line);
                if (type.equals(record.get("type"))) found.add(record);
            }
        }
        return found;
    }

    /** What printf printed, a line per call (the final newline taken off). */
    List<String> printed() {
        return records("printf").stream().map(r -> (String) r.get("data")).map(s -> s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).toList();
    }

    /** Map {@code @name} (with the @) of count(), sum(), ...: key as bpftrace prints it → value. */
    @SuppressWarnings("unchecked")
    Map<String, Long> map(String name) {
        for (Map<String, Object> r : records("map")) {
            Map<String, Object> data = (Map<String, Object>) r.get("data");
            if (data.containsKey(name)) {
                Map<String, Long> values = new LinkedHashMap<>();
                Object map = data.get(name);
                if (map instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> values.put((String) k, ((Number) v).longValue()));
                } else {
                    values.put("", ((Number) map).longValue());
                }
                return values;
            }
        }
        return fail("bpftrace printed no map " + name + ":\n" + String.join("\n", lines) + "\n" + errors());
    }

    /** Histogram {@code @name} without keys: its non-empty buckets, "low..high" (high exclusive, "" where open) → count. */
    @SuppressWarnings("unchecked")
    Map<String, Long> hist(String name) {
        for (Map<String, Object> r : records("hist")) {
            Map<String, Object> data = (Map<String, Object>) r.get("data");
            if (data.containsKey(name)) return buckets((List<Object>) data.get(name));
        }
        return new TreeMap<>();   // bpftrace prints nothing of an empty histogram
    }

    /** Histogram {@code @name} by key: key → its buckets, as {@link #hist}. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> keyedHist(String name) {
        Map<String, Map<String, Long>> byKey = new TreeMap<>();
        for (Map<String, Object> r : records("hist")) {
            Map<String, Object> data = (Map<String, Object>) r.get("data");
            if (data.containsKey(name)) ((Map<String, Object>) data.get(name)).forEach((k, v) -> byKey.put(k, buckets((List<Object>) v)));
        }
        return byKey;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> buckets(List<Object> rows) {
        Map<String, Long> buckets = new TreeMap<>();
        for (Object o : rows) {
            Map<String, Object> b = (Map<String, Object>) o;
            long count = ((Number) b.get("count")).longValue();
            if (count == 0) continue;
            String low = b.containsKey("min") ? b.get("min").toString() : "";
            String high = b.containsKey("max") ? Long.toString(((Number) b.get("max")).longValue() + 1) : "";
            buckets.put(low + ".." + high, count);
        }
        return buckets;
    }

    private static void requireInstalled() {
        boolean found = System.getenv("PATH") != null && Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "bpftrace")));
        if (found) return;
        String reason = "bpftrace is not installed (apt-get install bpftrace): the one-liners are checked against it";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }
}
