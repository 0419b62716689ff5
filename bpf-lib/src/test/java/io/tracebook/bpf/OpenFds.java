package io.tracebook.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This JVM's open file descriptors by kind ("anon_inode:bpf-map", "anon_inode:bpf-prog", "anon_inode:bpf_link",
 * "anon_inode:[perf_event]", "pipe", "file", ...): every BPF object this process holds is one of them, so a leak of
 * ours shows here and nobody else's does.
 */
public final class OpenFds {
    private OpenFds() {
    }

    public static Map<String, Integer> now() {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                kinds.merge(kind(target), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return kinds;
    }

    /** The BPF and perf kinds only: what a probe that leaked would hold. */
    public static Map<String, Integer> bpf() {
        Map<String, Integer> kinds = now();
        kinds.keySet().removeIf(kind -> !kind.contains("bpf") && !kind.contains("perf_event"));
        return kinds;
    }

    private static String kind(String target) {
        if (target.startsWith("anon_inode:")) return target;
        if (target.startsWith("pipe:")) return "pipe";
        if (target.startsWith("socket:")) return "socket";
        return "file";
    }
}
