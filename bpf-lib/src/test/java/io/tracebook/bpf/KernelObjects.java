package io.tracebook.bpf;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts BPF programs and links in the whole kernel, as bpftool lists them, restricted to programs
 * whose name starts with a prefix: the kernel-wide view catches what a leaked reference keeps alive,
 * the prefix keeps other users of BPF on the machine out of the count.
 */
public final class KernelObjects {
    private static final Pattern PROGRAM = Pattern.compile("\\{\"id\":(\\d+),\"type\":\"[^\"]*\",\"name\":\"([^\"]*)\"");
    private static final Pattern LINK_PROGRAM = Pattern.compile("\"prog_id\":(\\d+)");

    private KernelObjects() {
    }

    public record Counts(int programs, int links) {
    }

    /** Programs named {@code prefix*} and the links attaching them. */
    public static Counts now(String prefix) {
        Set<String> ids = new HashSet<>();
        Matcher p = PROGRAM.matcher(bpftool("prog", "show"));
        while (p.find()) {
            if (p.group(2).startsWith(prefix)) ids.add(p.group(1));
        }
        int links = 0;
        Matcher l = LINK_PROGRAM.matcher(bpftool("link", "show"));
        while (l.find()) {
            if (ids.contains(l.group(1))) links++;
        }
        return new Counts(ids.size(), links);
    }

    /**
     * Waits (up to 5 s) until the counts equal {@code expected}: programs are freed when the last
     * reference goes, which for perf-event based links happens a little after close returns.
     */
    public static Counts await(String prefix, Counts expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Counts now = now(prefix);
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = now(prefix);
        }
        return now;
    }

    private static String bpftool(String object, String verb) {
        try {
            Process p = new ProcessBuilder(List.of("bpftool", "-j", object, verb)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("bpftool failed: " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("bpftool is needed to count BPF objects (apt-get install bpftool)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
