package io.tracebook.bpf;

import io.tracebook.bpf.sys.KernelFeatures;
import java.util.List;
import java.util.Map;

/**
 * Programs of one object that do the same job through another attach kind. Real-world programs ship
 * such twins (libbpf-tools: fentry + kprobe on one kernel function, tp_btf + raw_tp on one tracepoint)
 * and their user space switches off the one the kernel cannot run. This names the twin, for messages.
 */
final class Twins {
    private Twins() {
    }

    /**
     * The advice for a program this kernel cannot run: switch it off before load, and the twin (if the
     * object has one) with whether this kernel can run that. {@code sections}: every program's SEC() name.
     */
    static String advice(String program, String section, Map<String, String> sections) {
        String switchOff = "switch it off before load with .autoload(\"" + program + "\", false)";
        List<String> twins = of(program, section, sections);
        if (twins.isEmpty()) return switchOff + ", or use a tracepoint (SEC(\"tracepoint/...\")), raw_tp or tp_btf program instead";
        String twin = twins.getFirst();
        String twinSection = sections.get(twin);
        return switchOff + "; its twin '" + twin + "' (SEC(\"" + twinSection + "\")) does the same job"
                + switch (ProbeKind.of(twinSection)) {
                    case KPROBE -> KernelFeatures.hasKprobes() ? " and can run here" : ", but needs kprobes, which this kernel lacks too";
                    case FENTRY -> ProbeKind.of(section) == ProbeKind.FENTRY ? ", but needs BPF trampolines too"
                            : " where the kernel allows BPF trampolines";
                    default -> " and can run here";
                };
    }

    /** The programs doing what {@code program} does through another kind, in object order. */
    static List<String> of(String program, String section, Map<String, String> sections) {
        String job = job(section);
        if (job == null) return List.of();
        ProbeKind kind = ProbeKind.of(section);
        return sections.entrySet().stream()
                .filter(e -> !e.getKey().equals(program) && ProbeKind.of(e.getValue()) != kind && job.equals(job(e.getValue())))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Where a program runs, independent of the mechanism: "entry F" / "return F" of a kernel function,
     * "tracepoint T"; null for kinds without twins.
     */
    private static String job(String section) {
        String target = ProbeKind.target(section);
        if (target.isEmpty()) return null;
        boolean returns = section.startsWith("fexit") || section.startsWith("kretprobe");
        return switch (ProbeKind.of(section)) {
            case FENTRY -> section.startsWith("fentry") || section.startsWith("fexit") ? (returns ? "return " : "entry ") + target : null;
            case KPROBE -> (returns ? "return " : "entry ") + target;
            case TP_BTF, RAW_TRACEPOINT -> "tracepoint " + target;
            case TRACEPOINT -> "tracepoint " + target.substring(target.indexOf('/') + 1);
            default -> null;
        };
    }
}
