package io.tracebook.bpf.record;

/** A machine data comes from: its host name and kernel release. */
public record Machine(String host, String kernel) {
    /** The machine this JVM runs on. */
    static Machine here() {
        return new Machine(Manifest.read("/proc/sys/kernel/hostname"), Manifest.read("/proc/sys/kernel/osrelease"));
    }
}
