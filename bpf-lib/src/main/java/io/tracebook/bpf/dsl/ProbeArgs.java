package io.tracebook.bpf.dsl;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.btf.VmlinuxBtf;
import io.tracebook.bpf.dsl.ValueType.Integer;
import io.tracebook.bpf.sys.Tracefs;
import io.tracebook.bpf.sys.TracepointField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments a probe offers: a tracepoint's fields from its tracefs format file (as bpftrace reads them);
 * the typed arguments of a tp_btf or raw tracepoint, or of a kernel function, from the kernel's BTF; registers
 * of uprobes and kprobes; USDT arguments. Looked up once per probe and kept (they do not change while the kernel runs).
 */
final class ProbeArgs {
    static final int REGISTER_ARGS = 5;
    static final int USDT_ARGS = 12;
    private static final Map<String, ProbeArgs> KNOWN = new ConcurrentHashMap<>();
    private static final Pattern STRUCT_POINTER = Pattern.compile("(?:const )?(?:struct|union) (\\w+) \\*");

    private final Probe probe;
    private final List<ArgInfo> named;
    private final List<TracepointField> fields;

    private ProbeArgs(Probe probe, List<ArgInfo> named, List<TracepointField> fields) {
        this.probe = probe;
        this.named = named;
        this.fields = fields;
    }

    static ProbeArgs of(Probe probe) {
        return KNOWN.computeIfAbsent(probe.label(), label -> load(probe));
    }

    private static ProbeArgs load(Probe probe) {
        return switch (probe.type()) {
            case TRACEPOINT -> {
                List<TracepointField> fields = Tracefs.fields(probe.target().get(0), probe.target().get(1));
                boolean user = probe.target().getFirst().equals("syscalls");
                List<ArgInfo> named = fields.stream().filter(f -> !f.isCommon())
                        .map(f -> new ArgInfo(f.name(), f.type(), of(f, user), "args->" + f.name())).toList();
                yield new ProbeArgs(probe, named, fields);
            }
            case TP_BTF, RAW_TRACEPOINT, KFUNC, KRETFUNC -> new ProbeArgs(probe, btfArguments(probe), List.of());
            default -> new ProbeArgs(probe, List.of(), List.of());
        };
    }

    private static ValueType of(TracepointField f, boolean user) {
        return switch (f.kind()) {
            case INTEGER -> f.size() == 1 || f.size() == 2 || f.size() == 4 || f.size() == 8
                    ? new Integer(f.size(), f.signed()) : new ValueType.Unusable(f.type());
            case CHAR_ARRAY -> new ValueType.Text(f.arrayLength());
            case STRING_POINTER -> new ValueType.TextPointer(user);
            case DATA_LOC_STRING -> new ValueType.TextLocation();
            case POINTER -> new ValueType.Pointer(structPointedTo(f.type()), f.type());
            case ARRAY -> new ValueType.Unusable(f.type());
        };
    }

    /** For {@code struct file_lock *}: the kernel BTF id of {@code struct file_lock}, so its members can be walked; else 0. */
    static int structPointedTo(String type) {
        Matcher m = STRUCT_POINTER.matcher(type);
        return m.matches() ? VmlinuxBtf.get().findStruct(m.group(1)).orElse(0) : 0;
    }

    /** Named arguments, in order. */
    List<ArgInfo> named() {
        return named;
    }

    Optional<ArgInfo> named(String name) {
        return named.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The tracepoint's record, every field of it (common ones included); empty for other probes. */
    List<TracepointField> fields() {
        return fields;
    }

    /** What {@code arg(index)} reads here, or empty when the probe has no such argument. */
    Optional<ArgInfo> positional(int index) {
        String name = "arg" + index;
        return switch (probe.type()) {
            case UPROBE, URETPROBE, KPROBE, KRETPROBE -> index < REGISTER_ARGS
                    ? Optional.of(new ArgInfo(name, "u64", Integer.U64, "PT_REGS_PARM" + (index + 1) + "(ctx)")) : Optional.empty();
            case USDT -> index < USDT_ARGS ? Optional.of(new ArgInfo(name, "long", Integer.S64, name)) : Optional.empty();
            case TP_BTF, RAW_TRACEPOINT, KFUNC, KRETFUNC -> index < named.size() - (probe.type() == ProbeType.KRETFUNC ? 1 : 0)
                    ? Optional.of(named.get(index)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** How many positional arguments {@code arg(i)} can read here. */
    int positionalCount() {
        return switch (probe.type()) {
            case UPROBE, URETPROBE, KPROBE, KRETPROBE -> REGISTER_ARGS;
            case USDT -> USDT_ARGS;
            case TP_BTF, RAW_TRACEPOINT, KFUNC -> named.size();
            case KRETFUNC -> named.size() - 1;
            default -> 0;
        };
    }

    /** For BPF_PROG (tp_btf, kfunc): the parameters as C declares them. */
    List<String> declarations() {
        Btf btf = VmlinuxBtf.get();
        List<String> declarations = new ArrayList<>();
        for (Param p : params(probe)) declarations.add(BtfValues.declaration(btf, p.type, p.name));
        return declarations;
    }

    private record Param(String name, int type) {
    }

    private static List<ArgInfo> btfArguments(Probe probe) {
        Btf btf = VmlinuxBtf.get();
        List<Param> params = params(probe);
        List<ArgInfo> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            String declared = BtfValues.cType(btf, p.type);
            String access = switch (probe.type()) {
                case RAW_TRACEPOINT -> "((" + (declared.contains("(") ? "u64" : declared) + ")ctx->args[" + i + "])";
                default -> p.name;
            };
            args.add(new ArgInfo(p.name, declared, BtfValues.of(btf, p.type), access));
        }
        return List.copyOf(args);
    }

    /**
     * A tracepoint's arguments are those of its {@code btf_trace_<event>} function type after the first (the
     * tracepoint's own data). That type has no parameter names; the function {@code __bpf_trace_<event>} has them,
     * or, for an event of a class of events, the class's function with the same parameter types (when all such agree).
     */
    private static List<Param> params(Probe probe) {
        Btf btf = VmlinuxBtf.get();
        String event = probe.event();
        if (probe.type() == ProbeType.KFUNC || probe.type() == ProbeType.KRETFUNC) {
            BtfType.FuncProto proto = prototype(btf, btf.findFunction(event).orElseThrow());
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < proto.params().size(); i++) {
                BtfType.Param p = proto.params().get(i);
                if (p.type() != 0) params.add(new Param(p.name().isEmpty() ? "arg" + i : p.name(), p.type()));
            }
            if (probe.type() == ProbeType.KRETFUNC) params.add(new Param("ret", proto.returnType()));
            return params;
        }
        int typedef = btf.findTypedef("btf_trace_" + event).orElseThrow();
        BtfType.FuncProto proto = (BtfType.FuncProto) btf.type(btf.resolve(((BtfType.Ptr) btf.type(btf.resolve(typedef))).type()));
        List<BtfType.Param> types = proto.params().subList(1, proto.params().size());
        List<String> names = parameterNames(btf, event, types);
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) params.add(new Param(names.get(i), types.get(i).type()));
        return params;
    }

    private static List<String> parameterNames(Btf btf, String event, List<BtfType.Param> types) {
        OptionalInt own = btf.findFunction("__bpf_trace_" + event);
        if (own.isPresent()) return names(prototype(btf, own.getAsInt()));
        List<String> agreed = null;
        for (String function : btf.functionNames()) {
            if (!function.startsWith("__bpf_trace_")) continue;
            BtfType.FuncProto proto = prototype(btf, btf.findFunction(function).getAsInt());
            List<BtfType.Param> candidate = proto.params().subList(Math.min(1, proto.params().size()), proto.params().size());
            if (!sameTypes(candidate, types)) continue;
            List<String> names = names(proto);
            if (agreed != null && !agreed.equals(names)) return positionalNames(types.size());
            agreed = names;
        }
        return agreed != null ? agreed : positionalNames(types.size());
    }

    private static boolean sameTypes(List<BtfType.Param> a, List<BtfType.Param> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).type() != b.get(i).type()) return false;
        }
        return true;
    }

    private static BtfType.FuncProto prototype(Btf btf, int function) {
        return (BtfType.FuncProto) btf.type(((BtfType.Func) btf.type(function)).type());
    }

    private static List<String> names(BtfType.FuncProto proto) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < proto.params().size(); i++) {
            String name = proto.params().get(i).name();
            names.add(name.isEmpty() ? "arg" + (i - 1) : name);
        }
        return names;
    }

    private static List<String> positionalNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("arg" + i);
        return names;
    }
}
