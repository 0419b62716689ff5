package io.tracebook.bpf.dsl;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.btf.VmlinuxBtf;
import io.tracebook.bpf.dsl.Node.Arithmetic;
import io.tracebook.bpf.dsl.Node.BuiltinValue;
import io.tracebook.bpf.dsl.Node.Cast;
import io.tracebook.bpf.dsl.Node.IndexedArg;
import io.tracebook.bpf.dsl.Node.Literal;
import io.tracebook.bpf.dsl.Node.Member;
import io.tracebook.bpf.dsl.Node.NamedArg;
import io.tracebook.bpf.dsl.Node.ReadString;
import io.tracebook.bpf.dsl.ValueType.Integer;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.sys.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of one probe's program while it is written: expressions met here become C (locals declared once,
 * in the order needed), and every mistake — a field the probe does not have, text compared with a number —
 * is reported at the DSL call that made it, before any C exists.
 */
final class ProgramScope {
    /** Names the program itself uses. */
    private static final Set<String> RESERVED = Set.of("ctx", "args", "key", "e", "started", "elapsed", "bucket", "match", "now");

    private final Probe probe;
    private final ProbeArgs args;
    private final Declarations declarations;
    private final List<CSource.Line> body = new ArrayList<>();
    private final Map<Node, Value> resolved = new HashMap<>();
    private final Set<String> names = new HashSet<>(RESERVED);
    private boolean elapsedDefined;
    private boolean usesRecord;
    private int textBytes;

    ProgramScope(Probe probe, Declarations declarations) {
        this.probe = probe;
        this.args = ProbeArgs.of(probe);
        this.declarations = declarations;
    }

    Probe probe() {
        return probe;
    }

    ProbeArgs args() {
        return args;
    }

    List<CSource.Line> body() {
        return body;
    }

    /** Adds C (one statement or several lines) to the body, remembering the DSL call it is for. */
    void statement(String c, String origin) {
        for (String line : c.split("\n")) body.add(new CSource.Line(line, origin));
    }

    /** True when the program reads its tracepoint's record through {@code args}. */
    boolean usesRecord() {
        return usesRecord;
    }

    /** Makes {@code elapsed()} mean the local {@code elapsed}, which the latency's end program computes. */
    void defineElapsed() {
        elapsedDefined = true;
    }

    /** {@code expr} at this probe; {@code call} is the DSL call using it, named in errors. */
    Value value(Expr expr, String call) {
        return resolve(expr.node(), call);
    }

    private Value resolve(Node node, String call) {
        Value known = resolved.get(node);
        if (known != null) return known;
        Value value = switch (node) {
            case BuiltinValue b -> builtin(b.builtin(), call);
            case NamedArg a -> named(a.name(), call);
            case IndexedArg a -> indexed(a.index(), call);
            case Member m -> member(m, resolve(m.of(), call), call);
            case Cast c -> cast(c, resolve(c.of(), call), call);
            case ReadString r -> readString(r, resolve(r.of(), call), call);
            case Arithmetic a -> arithmetic(a, resolve(a.left(), call), resolve(a.right(), call), call);
            case Literal l -> new Value(Integer.S64, l.value() + "LL");
        };
        resolved.put(node, value);
        return value;
    }

    private Value builtin(Node.Builtin builtin, String call) {
        return switch (builtin) {
            case PID -> local("pid", "u32 %s = bpf_get_current_pid_tgid() >> 32;", Integer.U32, call);
            case TID -> local("tid", "u32 %s = bpf_get_current_pid_tgid();", Integer.U32, call);
            case UID -> local("uid", "u32 %s = bpf_get_current_uid_gid();", Integer.U32, call);
            case CPU -> local("cpu", "u32 %s = bpf_get_smp_processor_id();", Integer.U32, call);
            case NSECS -> local("nsecs", "u64 %s = bpf_ktime_get_ns();", Integer.U64, call);
            case COMM -> local("comm", "char %1$s[16];\nbpf_get_current_comm(%1$s, sizeof(%1$s));", new ValueType.Text(16), call);
            case KSTACK -> stack(false, call);
            case USTACK -> stack(true, call);
            case PROBE -> new Value(new ValueType.ProbeName(), String.valueOf(declarations.probeIndex(probe)));
            case RETVAL -> retval(call);
            case ELAPSED -> {
                if (!elapsedDefined) {
                    throw new OneLinerException(call, "elapsed() is the time between the two probes of Trace.between(start, end); "
                            + probe.label() + " is not the end of one");
                }
                yield new Value(Integer.S64, "elapsed");
            }
        };
    }

    private Value stack(boolean user, String call) {
        declarations.needStacks();
        String name = user ? "ustack" : "kstack";
        return local(name, "s32 %s = bpf_get_stackid(ctx, &stacks, " + (user ? "BPF_F_USER_STACK" : "0") + ");",
                new ValueType.StackId(user), call);
    }

    private Value retval(String call) {
        return switch (probe.type()) {
            case URETPROBE, KRETPROBE -> new Value(Integer.S64, "(s64)PT_REGS_RC(ctx)");
            case KRETFUNC -> argValue(args.named("ret").orElseThrow());
            default -> throw new OneLinerException(call, "retval() is what a function returned: it exists at uretprobe, "
                    + "kretprobe and kretfunc probes, not at " + probe.label()
                    + (probe.type() == ProbeType.TRACEPOINT && args.named("ret").isPresent() ? " — here it is the field arg(\"ret\")" : ""));
        };
    }

    private Value named(String name, String call) {
        ArgInfo arg = args.named(name).orElseThrow(() -> noSuchArgument(name, call));
        return argValue(arg);
    }

    private Value argValue(ArgInfo arg) {
        if (probe.type() == ProbeType.TRACEPOINT) {
            declarations.needRecord(probe);
            usesRecord = true;
        }
        return new Value(arg.type(), arg.access());
    }

    private OneLinerException noSuchArgument(String name, String call) {
        if (args.named().isEmpty()) {
            return new OneLinerException(call, probe.label() + " has no named arguments"
                    + (args.positionalCount() > 0 ? ": read them by position, arg(0) to arg(" + (args.positionalCount() - 1) + ")" : ""));
        }
        List<String> near = Suggestions.nearest(name, args.named().stream().map(ArgInfo::name).toList(), 3);
        return new OneLinerException(call, probe.label() + " has no field '" + name + "'" + sentenceEnd(near) + " Its fields: " + fieldList());
    }

    /** " — did you mean x?" or "." */
    private static String sentenceEnd(List<String> near) {
        return near.isEmpty() ? "." : Suggestions.didYouMean(near);
    }

    /** "dfd (int), filename (const char *), ...". */
    String fieldList() {
        return args.named().stream().map(a -> a.name() + " (" + a.declared() + ")").collect(Collectors.joining(", "));
    }

    private Value indexed(int index, String call) {
        ArgInfo arg = args.positional(index).orElseThrow(() -> {
            if (probe.type() == ProbeType.TRACEPOINT) {
                return new OneLinerException(call, probe.label() + " names its fields: use arg(\"name\"). Its fields: " + fieldList());
            }
            return new OneLinerException(call, probe.label() + " has " + (args.positionalCount() == 0 ? "no arguments"
                    : "arguments arg(0) to arg(" + (args.positionalCount() - 1) + ")") + ", so arg(" + index + ") does not exist");
        });
        if (probe.type() == ProbeType.USDT) {
            return local(arg.name(), "long %1$s = 0;\nbpf_usdt_arg(ctx, " + index + ", &%1$s);", Integer.S64, call);
        }
        return argValue(arg);
    }

    /** Walks {@code path} through the kernel struct {@code of} points to, as BPF_CORE_READ reads it. */
    private Value member(Member m, Value of, String call) {
        if (!(of.type() instanceof ValueType.Pointer p) || p.struct() == 0) {
            throw new OneLinerException(call, NodeText.dsl(m.of()) + " is " + of.type().describe() + ", not a pointer to a struct: "
                    + "only a struct's members can be walked" + (of.isNumber() ? " (take a number as one with .cast(\"struct name\"))" : ""));
        }
        Btf btf = VmlinuxBtf.get();
        int struct = p.struct();
        // BPF_CORE_READ relocates every access it is given: start it from a plain pointer, not a field of a local struct
        Value start = of.c().matches("[A-Za-z_][A-Za-z0-9_]*") ? of
                : local(pointerName(m.of()), p.cType() + (p.cType().endsWith("*") ? "" : " ") + "%s = " + of.c() + ";", p, call);
        List<List<String>> groups = new ArrayList<>(List.of(new ArrayList<>()));
        String[] steps = m.path().split("\\.");
        ValueType type = of.type();
        int typeId = 0;
        for (int i = 0; i < steps.length; i++) {
            BtfType.Composite composite = (BtfType.Composite) btf.type(struct);
            MemberPath found = find(btf, composite, steps[i]);
            if (found == null) {
                List<String> members = memberNames(btf, composite);
                throw new OneLinerException(call, BtfValues.cType(btf, struct) + " has no member '" + steps[i] + "'"
                        + sentenceEnd(Suggestions.nearest(steps[i], members, 3)) + " Its members: " + String.join(", ", members));
            }
            groups.getLast().addAll(found.names());
            typeId = found.type();
            type = BtfValues.of(btf, typeId);
            boolean last = i == steps.length - 1;
            if (last) break;
            switch (type) {
                case ValueType.Pointer next when next.struct() != 0 -> {
                    struct = next.struct();
                    groups.add(new ArrayList<>());
                }
                case ValueType.Composite inner -> struct = inner.struct();
                default -> throw new OneLinerException(call, "'" + steps[i] + "' in " + m.path() + " is " + type.describe()
                        + ": there is nothing in it to walk to '" + steps[i + 1] + "'");
            }
        }
        String fields = groups.stream().map(g -> String.join(".", g)).collect(Collectors.joining(", "));
        return switch (type) {
            case ValueType.Text t -> local(steps[steps.length - 1], "char %1$s[" + t.length() + "] = {};\nBPF_CORE_READ_STR_INTO(&%1$s, "
                    + start.c() + ", " + fields + ");", t, call);
            case ValueType.Composite c -> throw new OneLinerException(call, m.path() + " is " + c.describe()
                    + ", which is no value: pick one of its members: " + String.join(", ", memberNames(btf, (BtfType.Composite) btf.type(c.struct()))));
            default -> new Value(type, "BPF_CORE_READ(" + start.c() + ", " + fields + ")");
        };
    }

    private static String pointerName(Node of) {
        return switch (of) {
            case NamedArg a -> a.name();
            case IndexedArg a -> "arg" + a.index();
            case Cast c -> pointerName(c.of());
            default -> "ptr";
        };
    }

    /** A member found by name, through anonymous structs and unions: the C names leading to it and its type. */
    private record MemberPath(List<String> names, int type) {
    }

    private static MemberPath find(Btf btf, BtfType.Composite composite, String name) {
        for (BtfType.Member member : composite.members()) {
            if (member.name().equals(name)) return new MemberPath(List.of(name), member.type());
            if (member.name().isEmpty() && btf.type(btf.resolve(member.type())) instanceof BtfType.Composite inner) {
                MemberPath deeper = find(btf, inner, name);
                if (deeper != null) return deeper;
            }
        }
        return null;
    }

    private static List<String> memberNames(Btf btf, BtfType.Composite composite) {
        List<String> names = new ArrayList<>();
        for (BtfType.Member member : composite.members()) {
            if (!member.name().isEmpty()) {
                names.add(member.name());
            } else if (btf.type(btf.resolve(member.type())) instanceof BtfType.Composite inner) {
                names.addAll(memberNames(btf, inner));
            }
        }
        return names;
    }

    private Value cast(Cast c, Value of, String call) {
        if (!(of.type() instanceof ValueType.Pointer) && !(of.type() instanceof Integer i && i.size() == 8)) {
            throw new OneLinerException(call, NodeText.dsl(c.of()) + " is " + of.type().describe() + ": only an address (a 64-bit number "
                    + "or a pointer) can be taken as a pointer to " + c.struct());
        }
        Btf btf = VmlinuxBtf.get();
        String name = c.struct().replaceFirst("^(struct|union)\\s+", "").strip();
        int struct = btf.findStruct(name).orElseThrow(() -> new OneLinerException(call, "the kernel has no struct or union named '" + name + "'"
                + Suggestions.didYouMean(Suggestions.nearest(name, btf.structNames(), 3))));
        if (of.type() instanceof ValueType.Pointer p && p.struct() == struct) return of;
        String cType = BtfValues.cType(btf, struct) + " *";
        return new Value(new ValueType.Pointer(struct, cType), "((" + cType + ")" + of.c() + ")");
    }

    private Value readString(ReadString r, Value of, String call) {
        String name = r.of() instanceof NamedArg a ? a.name() : r.of() instanceof Member m ? m.path().substring(m.path().lastIndexOf('.') + 1) : "str";
        String buffer = "char %1$s[" + r.length() + "] = {};\n";
        return switch (of.type()) {
            case ValueType.Text t -> of;
            case ValueType.TextPointer t -> local(name, buffer + "bpf_probe_read_" + (t.user() ? "user" : "kernel")
                    + "_str(%1$s, sizeof(%1$s), " + of.c() + ");", new ValueType.Text(r.length()), call);
            case ValueType.TextLocation t -> local(name, buffer + "bpf_probe_read_kernel_str(%1$s, sizeof(%1$s), (void *)ctx + ("
                    + of.c() + " & 0xffff));", new ValueType.Text(r.length()), call);
            case ValueType.Pointer p -> local(name, buffer + "bpf_probe_read_kernel_str(%1$s, sizeof(%1$s), (void *)" + of.c() + ");",
                    new ValueType.Text(r.length()), call);
            case Integer i when i.size() == 8 -> local(name, buffer + "bpf_probe_read_" + (probe.type().inUserSpace() ? "user" : "kernel")
                    + "_str(%1$s, sizeof(%1$s), (void *)" + of.c() + ");", new ValueType.Text(r.length()), call);
            default -> throw new OneLinerException(call, "str() reads text from a char pointer, an address or a char array; "
                    + NodeText.dsl(r.of()) + " is " + of.type().describe());
        };
    }

    private Value arithmetic(Arithmetic a, Value left, Value right, String call) {
        for (Value v : List.of(left, right)) {
            if (!v.isNumber()) {
                throw new OneLinerException(call, "arithmetic needs numbers; " + NodeText.dsl(v == left ? a.left() : a.right())
                        + " is " + v.type().describe());
            }
        }
        boolean unsigned = !((Integer) left.type()).signed() && !((Integer) right.type()).signed();
        if (a.operator() == Node.Operator.DIVIDE) {
            return new Value(Integer.U64, "((u64)(" + left.c() + ") / (u64)(" + right.c() + "))");
        }
        return new Value(unsigned ? Integer.U64 : Integer.S64, "(" + left.c() + " " + a.operator().c + " " + right.c() + ")");
    }

    /** Bytes of text this program keeps in locals, on the 512-byte BPF stack. */
    int textBytes() {
        return textBytes;
    }

    /** Declares a local (once; its name made unique here) from {@code format}, where %1$s is the name. */
    private Value local(String preferred, String format, ValueType type, String origin) {
        if (type instanceof ValueType.Text t) textBytes += t.length();
        String name = CText.identifier(preferred);
        for (int i = 2; names.contains(name); i++) name = CText.identifier(preferred) + "_" + i;
        names.add(name);
        statement(String.format(format, name), origin);
        return new Value(type, name);
    }

    /** The C condition for {@code filter} here; literals become globals. */
    String condition(Filter filter, String call) {
        return switch (filter.condition()) {
            case Filter.And and -> "(" + condition(and.left(), call) + " && " + condition(and.right(), call) + ")";
            case Filter.Or or -> "(" + condition(or.left(), call) + " || " + condition(or.right(), call) + ")";
            case Filter.Not not -> "!" + condition(not.filter(), call);
            case Filter.Compare compare -> comparison(compare, call);
        };
    }

    private String comparison(Filter.Compare compare, String call) {
        Expr subject = compare.subject();
        Value v = value(subject, call);
        String preferred = CText.identifier(subject.name() + "_" + compare.op().method.toLowerCase());
        if (compare.literal() instanceof Long n) {
            if (!(v.type() instanceof Integer type)) {
                throw new OneLinerException(call, subject.call() + " is " + v.type().describe() + ", so it cannot be compared with the number "
                        + n + hint(v.type(), subject));
            }
            if (!fits(type, n)) {
                throw new OneLinerException(call, subject.call() + " is " + type.describe() + ": " + n + " is out of its range, so "
                        + filterText(compare) + " could never hold");
            }
            Global g = declarations.global(compare, preferred, type.cType(), 0, call);
            return "(" + v.c() + " " + compare.op().c + " " + g.name() + ")";
        }
        String text = (String) compare.literal();
        if (!(v.type() instanceof ValueType.Text t)) {
            throw new OneLinerException(call, subject.call() + " is " + v.type().describe() + ", so it cannot be compared with the text \""
                    + text + "\"" + hint(v.type(), subject));
        }
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= t.length()) {
            throw new OneLinerException(call, subject.call() + " holds at most " + (t.length() - 1) + " bytes of text, and \"" + text
                    + "\" has " + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ", so " + filterText(compare)
                    + " could never hold" + (subject.node() instanceof ReadString ? " (read more with str(.., " + (text.length() + 1) + "))" : ""));
        }
        if (compare.op() != Filter.Op.EQ && compare.op() != Filter.Op.NE && compare.op() != Filter.Op.STARTS_WITH) {
            throw new OneLinerException(call, "text is compared with eq, ne or startsWith, not " + compare.op().method);
        }
        Global g = declarations.global(compare, preferred, "char", t.length(), call);
        return switch (compare.op()) {
            case EQ -> "tracebook_str_eq(" + v.c() + ", " + g.name() + ", " + t.length() + ")";
            case NE -> "!tracebook_str_eq(" + v.c() + ", " + g.name() + ", " + t.length() + ")";
            default -> "tracebook_str_starts_with(" + v.c() + ", " + g.name() + ", " + t.length() + ")";
        };
    }

    private static String filterText(Filter.Compare compare) {
        return "when(" + compare.subject().call() + "." + compare.op().method + "(..))";
    }

    private static String hint(ValueType type, Expr subject) {
        return switch (type) {
            case ValueType.TextPointer t -> ": compare str(" + subject.call() + ") instead";
            case ValueType.TextLocation t -> ": compare str(" + subject.call() + ") instead";
            default -> "";
        };
    }

    private static boolean fits(Integer type, long n) {
        int bits = type.size() * 8;
        if (bits == 64) return type.signed() || n >= 0;
        if (type.signed()) return n >= -(1L << (bits - 1)) && n < (1L << (bits - 1));
        return n >= 0 && n < (1L << bits);
    }
}
