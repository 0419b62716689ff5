package io.tracebook.bpf;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.VerifierException;
import io.tracebook.bpf.ffi.CStrings;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.KernelFeatures;
import io.tracebook.bpf.sys.Tracefs;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed bpf_object__load into the exception that tells the user what to change. */
final class LoadFailure {
    private static final Pattern FAILED_PROGRAM = Pattern.compile("prog '([^']+)': (?:BPF program load failed|failed to)");
    private static final Pattern MISSING_BTF_TARGET = Pattern.compile("failed to find kernel BTF type ID of '([^']+)'");

    private LoadFailure() {
    }

    static BpfException explain(MemorySegment obj, int errno, String verifierLog, String libbpfLog, String source) {
        String program = failedProgram(libbpfLog);
        String section = program == null ? "" : sectionOf(obj, program);
        ProbeKind kind = ProbeKind.of(section);

        Matcher missing = MISSING_BTF_TARGET.matcher(libbpfLog);
        if (missing.find()) return missingBtfTarget(program, section, kind, missing.group(1), libbpfLog);
        if (kind == ProbeKind.FENTRY && (errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP || errno == Errno.EINVAL || errno == Errno.EPERM)) {
            return KernelFeatures.noFentry(program, section, Errno.name(errno));
        }
        if (!verifierLog.isBlank()) {
            VerifierLog parsed = VerifierLog.parse(verifierLog);
            String text = parsed.sourceText();
            if (parsed.line() > 0 && source != null) {
                String[] lines = source.split("\n", -1);
                if (parsed.line() <= lines.length) text = lines[parsed.line() - 1];
            }
            return new VerifierException(program == null ? "?" : program, parsed.reason(), parsed.line(), text, verifierLog);
        }
        if (Errno.isPermission(errno)) return Failures.of(errno, "loading BPF programs");
        String summary = libbpfLog.isBlank() ? "" : "\n" + libbpfLog.strip();
        return new BpfException("loading failed (" + Errno.name(errno) + ")"
                + (program == null ? "" : " in program '" + program + "'") + summary, libbpfLog, null);
    }

    private static BpfException missingBtfTarget(String program, String section, ProbeKind kind, String target, String log) {
        if (kind == ProbeKind.TP_BTF) {
            String event = target.replaceFirst("^btf_trace_", "");
            List<String> names = Tracefs.tracepoints().stream().map(t -> t.substring(t.indexOf(':') + 1)).toList();
            List<String> near = Suggestions.nearest(event, names, 3);
            return new AttachException("tp_btf tracepoint " + event + " not found (program '" + program + "')"
                    + Suggestions.didYouMean(near), event, near, log);
        }
        return new AttachException("kernel function " + target + " not found for program '" + program
                + "' (SEC(\"" + section + "\"))", target, List.of(), log);
    }

    private static String failedProgram(String libbpfLog) {
        Matcher m = FAILED_PROGRAM.matcher(libbpfLog);
        return m.find() ? m.group(1) : null;
    }

    private static String sectionOf(MemorySegment obj, String program) {
        for (MemorySegment p : LibbpfObjects.programs(obj)) {
            if (program.equals(LibbpfObjects.programName(p))) return CStrings.read(Libbpf.bpf_program__section_name(p));
        }
        return "";
    }

}
