package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The probes this kernel offers, named as bpftrace names them ({@code tracepoint:syscalls:sys_enter_openat},
 * {@code rawtracepoint:sched_switch}, {@code kprobe:vfs_read} where kprobes exist), matched by bpftrace's
 * wildcards: {@code *} and {@code ?}. A search term without a wildcard matches probes that contain it.
 */
public final class ProbeCatalog {
    private ProbeCatalog() {
    }

    /** The probes matching {@code search}, in tracefs' order: tracepoints, raw tracepoints, then kernel functions. */
    public static List<String> list(String search) {
        Pattern pattern = glob(search);
        List<String> matches = new ArrayList<>();
        candidates(search).filter(p -> pattern.matcher(p).matches()).forEach(matches::add);
        return matches;
    }

    /** bpftrace's {@code *} and {@code ?}; without either, "contains". */
    public static Pattern glob(String search) {
        String term = search.contains("*") || search.contains("?") ? search : "*" + search + "*";
        StringBuilder regex = new StringBuilder();
        for (char c : term.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Only the kinds the search can match: listing kernel functions reads a large file. */
    private static Stream<String> candidates(String search) {
        String kind = search.contains(":") ? search.substring(0, search.indexOf(':')) : "*";
        Pattern kinds = kind.contains("*") || kind.contains("?") ? glob(kind) : Pattern.compile(Pattern.quote(kind));
        Stream<String> all = Stream.empty();
        if (kinds.matcher("tracepoint").matches()) {
            all = Stream.concat(all, Tracefs.tracepoints().stream().map(t -> "tracepoint:" + t));
        }
        if (kinds.matcher("rawtracepoint").matches()) {
            all = Stream.concat(all, Tracefs.tracepoints().stream().map(t -> "rawtracepoint:" + t.substring(t.indexOf(':') + 1)));
        }
        if (kinds.matcher("kprobe").matches() && KernelFeatures.hasKprobes()) {
            all = Stream.concat(all, kernelFunctions().stream().map(f -> "kprobe:" + f));
        }
        return all;
    }

    private static List<String> kernelFunctions() {
        Path functions = Tracefs.root().resolve("available_filter_functions");
        try {
            // "vfs_read", or "ext4_foo [ext4]" for a module's function
            return HostFiles.readAllLines(functions).stream().map(l -> l.split("\\s+")[0]).distinct().toList();
        } catch (IOException e) {
            throw new BpfException("cannot read " + functions + ": " + e.getMessage(), e);
        }
    }
}
