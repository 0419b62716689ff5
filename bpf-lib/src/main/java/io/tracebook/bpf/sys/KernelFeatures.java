package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import java.nio.file.Path;

/** Which optional tracing features the running kernel offers. */
public final class KernelFeatures {
    private KernelFeatures() {
    }

    /** kprobes need the kprobe PMU (perf_event_open) or, on old kernels, tracefs kprobe_events. */
    public static boolean hasKprobes() {
        if (HostFiles.exists(Path.of("/sys/bus/event_source/devices/kprobe/type"))) return true;
        try {
            return HostFiles.exists(Tracefs.root().resolve("kprobe_events"));
        } catch (BpfException e) {
            return false;
        }
    }

    /** For a program of Tracebook's own making (the DSL's), which has no twin to offer and nothing to switch off. */
    public static UnsupportedFeatureException noKprobes(String program, String section) {
        return noKprobes(program, section, "use a tracepoint (SEC(\"tracepoint/...\")), raw_tp or tp_btf instead");
    }

    /** {@code remedy}: what the user can do instead, e.g. switch the program off and use its twin. */
    public static UnsupportedFeatureException noKprobes(String program, String section, String remedy) {
        return new UnsupportedFeatureException("kprobes", "program '" + program + "' (SEC(\"" + section
                + "\")) needs kprobes, which this kernel does not offer (no kprobe PMU in "
                + "/sys/bus/event_source/devices and no kprobe_events in tracefs: CONFIG_KPROBE_EVENTS is off): " + remedy);
    }

    /** {@code why}: the kernel's refusal (errno name); {@code remedy}: what the user can do instead. */
    public static UnsupportedFeatureException noFentry(String program, String section, String why, String remedy) {
        return new UnsupportedFeatureException("fentry", "program '" + program + "' (SEC(\"" + section
                + "\")) needs BPF trampolines (fentry/fexit/fmod_ret/lsm), which this kernel refuses (" + why + "): " + remedy);
    }
}
