package io.tracebook.bpf;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.VerifierException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.KernelFeatures;
import io.tracebook.bpf.sys.Suggestions;
import io.tracebook.bpf.sys.Tracefs;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed bpf_object__load into the exception that tells the user what to change. */
final class LoadFailure {
    private static final Pattern FAILED_PROGRAM = Pattern.compile("prog '([^']+)': (?:BPF program load failed|failed to)");
    private static final Pattern MISSING_BTF_TARGET = Pattern.compile("failed to find kernel BTF type ID of '([^']+)'");
    private static final Pattern NO_PROGRAM_TYPE = Pattern.compile("prog '([^']+)': missing BPF prog type, check ELF section name '([^']*)'");
    private static final Pattern MAP_NOT_CREATED = Pattern.compile("map '([^']+)': failed to create: .*\\((-?\\d+)\\)");
    /** The bytes of a name the kernel sees: libbpf passes the first 15 (BPF_OBJ_NAME_LEN less the NUL). */
    private static final int KERNEL_NAME_BYTES = 15;

    private LoadFailure() {
    }

    static BpfException explain(MemorySegment obj, int errno, String verifierLog, String libbpfLog, String source) {
        String program = failedProgram(libbpfLog);
        String section = program == null ? "" : sectionOf(obj, program);
        ProbeKind kind = ProbeKind.of(section);

        Matcher missing = MISSING_BTF_TARGET.matcher(libbpfLog);
        if (missing.find()) return missingBtfTarget(program, section, kind, missing.group(1), libbpfLog);
        Matcher noType = NO_PROGRAM_TYPE.matcher(libbpfLog);
        if (noType.find()) return noProgramType(noType.group(1), noType.group(2), libbpfLog);
        String badName = nonKernelName(obj);
        if (badName != null) {
            return new BpfException("the name '" + badName + "' has characters the kernel refuses: programs and maps need names"
                    + " of ASCII letters, digits and '_'; rename it", libbpfLog, null);
        }
        Matcher map = MAP_NOT_CREATED.matcher(libbpfLog);
        if (map.find()) return MapCreationFailure.explain(obj, map.group(1), Math.abs(Integer.parseInt(map.group(2))), libbpfLog);
        if (kind == ProbeKind.FENTRY && (errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP || errno == Errno.EINVAL || errno == Errno.EPERM)) {
            return KernelFeatures.noFentry(program, section, Errno.name(errno), Twins.advice(program, section, LibbpfObjects.sections(obj)));
        }
        if (kind == ProbeKind.OTHER && program != null && VerifierLog.parse(verifierLog).reason().equals(VerifierLog.NO_REASON)) {
            return new BpfException("program '" + program + "' is SEC(\"" + section + "\"), which " + ProbeKind.purpose(section)
                    + "; Tracebook loads " + ProbeKind.TRACING_KINDS, verifierLog + "\n" + libbpfLog, null);
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
        String why = lastWords(libbpfLog);
        return new BpfException("loading failed (" + Errno.name(errno) + ")"
                + (program == null ? "" : " in program '" + program + "'") + (why.isEmpty() ? "" : ": " + why), libbpfLog, null);
    }

    /** A libbpf object that libbpf could not open: {@code objectFile} is named only when it is the user's own .o. */
    static BpfException unopenable(Path objectFile, boolean usersOwn, int errno, String libbpfLog) {
        String why = lastWords(libbpfLog.replace(objectFile.toString(), "the object"));
        if (why.contains("BTF is required")) why += " (compile it with clang -g: its maps are declared with BTF)";
        return new BpfException((usersOwn ? objectFile.toString() : "the compiled object") + " is no BPF object libbpf can open ("
                + Errno.name(errno) + ")" + (why.isEmpty() ? "" : ": " + why), libbpfLog, null);
    }

    private static BpfException noProgramType(String program, String section, String log) {
        if (section.equals(".text")) {
            return new BpfException("the source has no BPF program: function '" + program + "' has no SEC(\"...\") saying where it"
                    + " attaches; put e.g. SEC(\"tracepoint/syscalls/sys_enter_openat\") before it (helper functions are static)",
                    log, null);
        }
        return new BpfException("program '" + program + "' has SEC(\"" + section + "\"), which names no kind of BPF program;"
                + " use e.g. SEC(\"tracepoint/syscalls/sys_enter_openat\"), SEC(\"tp_btf/sched_switch\") or SEC(\"uprobe\")", log, null);
    }

    /** The first program or map name the kernel would refuse, or null. */
    private static String nonKernelName(MemorySegment obj) {
        for (MemorySegment p : LibbpfObjects.programs(obj)) {
            String name = LibbpfObjects.programName(p);
            if (!kernelAccepts(name)) return name;
        }
        for (MemorySegment m : LibbpfObjects.maps(obj)) {
            String name = LibbpfObjects.mapName(m);
            if (!kernelAccepts(name)) return name;
        }
        return null;
    }

    /** The kernel takes letters, digits, '_' and '.' in the part of a name it sees (kernel/bpf/syscall.c, bpf_obj_name_cpy). */
    private static boolean kernelAccepts(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(bytes.length, KERNEL_NAME_BYTES); i++) {
            int c = bytes[i] & 0xff;
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            if (!ok) return false;
        }
        return true;
    }

    /** libbpf's last words on a failure, without its prefix and without the generic "failed to load object" line. */
    private static String lastWords(String libbpfLog) {
        List<String> lines = libbpfLog.strip().lines()
                .map(l -> l.replaceFirst("^libbpf: ", "").strip())
                .filter(l -> !l.isEmpty() && !l.startsWith("failed to load object"))
                .toList();
        return lines.isEmpty() ? "" : lines.getLast();
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
        return LibbpfObjects.sections(obj).getOrDefault(program, "");
    }

}
