package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Action.Aggregate;
import io.tracebook.bpf.dsl.Action.Emit;
import io.tracebook.bpf.dsl.Action.Histogram;
import io.tracebook.bpf.dsl.Action.LinearHistogram;
import io.tracebook.bpf.dsl.Action.Printf;
import io.tracebook.bpf.dsl.Field.Role;
import io.tracebook.bpf.dsl.ValueType.Integer;
import io.tracebook.bpf.error.OneLinerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a one-liner's C: a program per probe, the maps and structs they share, the filters' globals. The C uses
 * tracebook.h's macros and helpers, as a person would write it after the notebooks, and says in comments what
 * each part is for; every line remembers the DSL call it was written for.
 */
final class Generator {
    /**
     * Keys per map, bpftrace's default: every entry is allocated at load (an insert in an interrupt then never fails
     * for lack of memory), and 4096 per-CPU entries load in a few milliseconds where 10240 take tens.
     */
    static final int MAP_ENTRIES = 4096;
    static final int STACK_ENTRIES = 16384;
    /** What a BPF program's locals may take; less what the helpers' calls need, a little margin. */
    static final int STACK_BYTES = 480;

    private final Spec spec;
    private final Declarations declarations;
    private final List<ProgramScope> programs = new ArrayList<>();
    private List<Field> fields;
    private String matchType;

    private Generator(Spec spec) {
        this.spec = spec;
        this.declarations = new Declarations(spec.probes());
    }

    static Generated generate(Spec spec) {
        Generator g = new Generator(spec);
        for (Probe p : spec.probes()) g.actionProgram(p);
        for (Probe p : spec.starts()) g.startProgram(p);
        return g.assemble();
    }

    private String call(String prefix) {
        return spec.calls().stream().filter(c -> c.startsWith(prefix)).findFirst().orElse(spec.calls().getFirst());
    }

    private String probeCall() {
        return spec.calls().getFirst();
    }

    // ---- the programs ----

    private void actionProgram(Probe probe) {
        ProgramScope scope = new ProgramScope(probe, declarations);
        programs.add(scope);
        if (spec.isLatency()) endOfLatency(scope);
        if (spec.filter() != null) filter(scope, spec.filter());
        switch (spec.action()) {
            case Emit emit -> event(scope, emit.values(), emit.call());
            case Printf printf -> event(scope, printf.values(), printf.call());
            case Aggregate a -> aggregate(scope, a.value(), a.call());
            case Histogram h -> aggregate(scope, h.value(), h.call());
            case LinearHistogram h -> aggregate(scope, h.value(), h.call());
        }
        checkStack(scope);
        scope.statement("return 0;", "");
    }

    /**
     * Text is read into locals and keys are built on the BPF stack, 512 bytes in all: refused here what clang
     * would refuse later, with the call that asked for the text.
     */
    private void checkStack(ProgramScope scope) {
        boolean keyOnStack = !(spec.action() instanceof Emit) && !(spec.action() instanceof Printf);
        int key = keyOnStack ? fields.stream().mapToInt(f -> f.size() + 7 & ~7).sum() : 0;
        int bytes = scope.textBytes() + key;
        if (bytes > STACK_BYTES) {
            String call = keyOnStack && !spec.keys().isEmpty() ? call("by(") : spec.action().call();
            throw new OneLinerException(call, "at " + scope.probe().label() + " this one-liner keeps " + bytes + " bytes of text and keys "
                    + "on the BPF stack, more than the " + STACK_BYTES + " its 512 bytes leave them: read shorter strings (str(.., 32)) or fewer of them");
        }
    }

    private void startProgram(Probe probe) {
        ProgramScope scope = new ProgramScope(probe, declarations);
        programs.add(scope);
        String call = probeCall();
        if (spec.filter() != null && FilterScope.onlyBuiltins(spec.filter())) filter(scope, spec.filter());
        scope.statement(matchDeclaration(match(scope)), call);
        scope.statement("u64 now = bpf_ktime_get_ns();", call);
        scope.statement("if (bpf_map_update_elem(&start, &match, &now, BPF_ANY))", call);
        scope.statement("\t__sync_fetch_and_add(&tracebook_map_full, 1);\t/* the map is full: counted, reported */", call);
        scope.statement("return 0;", "");
    }

    private void endOfLatency(ProgramScope scope) {
        String call = probeCall();
        scope.statement(matchDeclaration(match(scope)), call);
        scope.statement("u64 *started = bpf_map_lookup_elem(&start, &match);", call);
        scope.statement("if (!started)", call);
        scope.statement("\treturn 0;\t/* its start was not seen: bpftrace's /@start[" + NodeText.bpftrace(spec.match().node()) + "]/ */", call);
        scope.statement("s64 elapsed = bpf_ktime_get_ns() - *started;", call);
        scope.statement("bpf_map_delete_elem(&start, &match);", call);
        scope.defineElapsed();
    }

    private String matchDeclaration(Value match) {
        return matchType + " match = " + (match.type() instanceof ValueType.Pointer ? "(u64)" : "") + match.c() + ";";
    }

    /** The value matching a start with its end: a number, the same type at every probe. */
    private Value match(ProgramScope scope) {
        String call = probeCall();
        Value v = scope.value(spec.match(), call);
        String type = switch (v.type()) {
            case Integer i -> i.cType();
            case ValueType.Pointer p -> "u64";
            default -> throw new OneLinerException(call, "a start is matched with its end by a number (tid(), pid(), an argument "
                    + "such as a request's address); " + spec.match().call() + " is " + v.type().describe() + " at " + scope.probe().label());
        };
        if (matchType != null && !matchType.equals(type)) {
            throw new OneLinerException(call, spec.match().call() + " is a " + matchType + " at one probe and a " + type + " at "
                    + scope.probe().label() + ": the start and the end must agree on what matches them");
        }
        matchType = type;
        return v;
    }

    private void filter(ProgramScope scope, Filter filter) {
        String call = call("when(");
        String condition = scope.condition(filter, call);
        scope.statement("if (!" + (condition.startsWith("(") ? condition : "(" + condition + ")") + ")", call);
        scope.statement("\treturn 0;", call);
    }

    private void event(ProgramScope scope, List<Expr> values, String call) {
        List<Value> resolved = new ArrayList<>();
        List<Field> eventFields = new ArrayList<>();
        for (Expr e : values) resolved.add(column(scope, e, call, eventFields));
        stackPid(scope, eventFields, resolved, call);
        if (eventFields.isEmpty()) {
            eventFields.add(new Field("fired", new Integer(1, false), Role.VALUE));
            resolved.add(new Value(new Integer(1, false), "1"));
        }
        agree(eventFields, call, scope);
        scope.statement("struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);", call);
        scope.statement("if (!e)", call);
        scope.statement("\treturn 0;\t/* the ring is full: tracebook.h counts the event as lost */", call);
        for (int i = 0; i < eventFields.size(); i++) scope.statement(assign("e->" + eventFields.get(i).name(), resolved.get(i)), call);
        scope.statement("bpf_ringbuf_submit(e, 0);", call);
    }

    private void aggregate(ProgramScope scope, Num value, String call) {
        Value v = value == null ? null : number(scope, value, call);
        String byCall = call("by(");
        List<Value> resolved = new ArrayList<>();
        List<Field> keyFields = new ArrayList<>();
        for (Expr k : spec.keys()) resolved.add(column(scope, k, byCall, keyFields));
        stackPid(scope, keyFields, resolved, byCall);
        String bucket = switch (spec.action()) {
            case Histogram h -> "tracebook_log2_index(" + v.c() + ")";
            case LinearHistogram h -> "tracebook_linear_index(" + v.c() + ", " + h.min() + ", " + h.max() + ", " + h.step() + ")";
            default -> null;
        };
        if (bucket != null && !keyFields.isEmpty()) {
            keyFields.add(new Field(unique("bucket", keyFields), Integer.U32, Role.BUCKET));
            resolved.add(new Value(Integer.U32, bucket));
        }
        if (spec.interval() != null) {
            Global every = declarations.globals().stream().filter(g -> g.name().equals("interval_ns")).findFirst()
                    .orElseGet(() -> declarations.setting("interval_ns", "u64", spec.interval().toNanos(), call("per(")));
            keyFields.add(new Field(unique("interval", keyFields), Integer.U64, Role.INTERVAL));
            resolved.add(new Value(Integer.U64, "bpf_ktime_get_ns() / " + every.name()));
        }
        agree(keyFields, byCall, scope);
        String map = mapName();
        if (keyFields.isEmpty() && spec.action() instanceof Histogram) {
            scope.statement("hist_log2_add(&" + map + ", " + v.c() + ");", call);
            return;
        }
        if (keyFields.isEmpty()) {
            scope.statement(bucket == null ? "u32 key = 0;" : "u32 key = " + bucket + ";", call);
        } else {
            scope.statement("struct " + map + "_key key = {};", byCall);
            for (int i = 0; i < keyFields.size(); i++) {
                Role role = keyFields.get(i).role();
                scope.statement(assign("key." + keyFields.get(i).name(), resolved.get(i)), role == Role.VALUE || role == Role.STACK_PID ? byCall : call);
            }
        }
        scope.statement(switch (spec.action()) {
            case Aggregate a when a.kind() == Action.Kind.COUNT -> "percpu_sum_add(&" + map + ", &key, 1);";
            case Aggregate a when a.kind() == Action.Kind.SUM -> "percpu_sum_add(&" + map + ", &key, " + v.c() + ");";
            case Aggregate a -> "percpu_stats_add(&" + map + ", &key, " + v.c() + ");";
            default -> "percpu_sum_add(&" + map + ", &key, 1);";
        }, call);
    }

    private Value number(ProgramScope scope, Num value, String call) {
        Value v = scope.value(value, call);
        if (!v.isNumber()) {
            throw new OneLinerException(call, spec.action().call().substring(0, spec.action().call().indexOf('(')) + "() needs a number; "
                    + value.call() + " is " + v.type().describe() + " at " + scope.probe().label());
        }
        return v;
    }

    /** A value that becomes a key or an event column: checked that it can be one. */
    private Value column(ProgramScope scope, Expr e, String call, List<Field> into) {
        Value v = scope.value(e, call);
        String why = switch (v.type()) {
            case ValueType.TextPointer t -> "is the address of text, not the text: use str(" + e.call() + ")";
            case ValueType.TextLocation t -> "is where the text lies in the record, not the text: use str(" + e.call() + ")";
            case ValueType.Composite c -> "is " + c.describe() + ": use one of its members (.field(\"name\"))";
            case ValueType.Unusable u -> "is " + u.describe() + ", which cannot be a key or a column";
            default -> null;
        };
        if (why != null) {
            String role = call.startsWith("by(") ? "a map key" : "an event column";
            throw new OneLinerException(call, e.call() + " cannot be " + role + " at " + scope.probe().label() + ": it " + why);
        }
        into.add(new Field(unique(e.name(), into), v.type(), Role.VALUE));
        return v;
    }

    /** A user stack is named within its process: a key or event with ustack() carries the pid too. */
    private void stackPid(ProgramScope scope, List<Field> into, List<Value> values, String call) {
        boolean userStack = into.stream().anyMatch(f -> f.type() instanceof ValueType.StackId s && s.user());
        boolean hasPid = into.stream().anyMatch(f -> f.name().equals("pid") && f.type().equals(Integer.U32));
        if (userStack && !hasPid) {
            into.add(new Field(unique("pid", into), Integer.U32, Role.STACK_PID));
            values.add(scope.value(Trace.pid(), call));
        }
    }

    private static String unique(String name, List<Field> taken) {
        String candidate = name;
        for (int i = 2; nameTaken(candidate, taken); i++) candidate = name + "_" + i;
        return candidate;
    }

    private static boolean nameTaken(String name, List<Field> taken) {
        return taken.stream().anyMatch(f -> f.name().equals(name));
    }

    /** Every program writes the same struct: the first one's fields are the struct's; the others must agree. */
    private void agree(List<Field> mine, String call, ProgramScope scope) {
        if (fields == null) {
            fields = List.copyOf(mine);
            return;
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).equals(fields.get(i))) {
                throw new OneLinerException(call, mine.get(i).name() + " is " + mine.get(i).type().describe() + " at " + scope.probe().label()
                        + " but " + fields.get(i).type().describe() + " at " + programs.getFirst().probe().label()
                        + ": one struct holds it for all the probes, so give these probes one-liners of their own");
            }
        }
    }

    private static String assign(String destination, Value v) {
        return v.type() instanceof ValueType.Text
                ? "__builtin_memcpy(" + destination + ", " + v.c() + ", sizeof(" + destination + "));"
                : destination + " = " + v.c() + ";";
    }

    private String mapName() {
        return switch (spec.action()) {
            case Emit e -> "events";
            case Printf p -> "events";
            case Aggregate a when a.kind() == Action.Kind.COUNT -> "counts";
            case Aggregate a when a.kind() == Action.Kind.SUM -> "sums";
            case Aggregate a -> "stats";
            case Histogram h -> "hist";
            case LinearHistogram h -> "lhist";
        };
    }

    // ---- the file ----

    private Generated assemble() {
        CSource c = new CSource();
        c.add("/*");
        c.add(" * " + BpftraceText.program(spec, declarations::nameFor));
        c.add(" *");
        c.add(" * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.");
        if (!declarations.globals().isEmpty()) {
            c.add(" * Set before load: " + String.join(", ", declarations.globals().stream().map(Global::name).toList())
                    + " (const volatile: another value re-uses this compiled object).");
        }
        c.add(" */");
        if (spec.probes().stream().anyMatch(p -> p.type() == ProbeType.USDT)) c.add("#include <bpf/usdt.bpf.h>");
        for (Probe p : declarations.records()) {
            c.add("");
            c.add(TracepointRecord.of(p), probeCall());
        }
        if (!declarations.globals().isEmpty()) c.add("");
        for (Global g : declarations.globals()) c.add(g.declaration(), g.call());
        c.add("");
        maps(c);
        for (ProgramScope scope : programs) {
            c.add("");
            c.add("SEC(\"" + scope.probe().section() + "\")", probeCall());
            c.add(signature(scope), probeCall());
            c.add("{");
            if (scope.usesRecord()) c.add("\tstruct " + TracepointRecord.name(scope.probe()) + " *args = ctx;", probeCall());
            c.addAll(scope.body(), "\t");
            c.add("}");
        }
        return new Generated(c.text(), c, declarations.globals(), mapName(), fields);
    }

    private void maps(CSource c) {
        String call = spec.action().call();
        String map = mapName();
        if (spec.action() instanceof Emit || spec.action() instanceof Printf) {
            struct(c, "event", call);
            c.add("RINGBUF(events);\t\t/* one event per run, read as a Table with these columns */", call);
        } else if (fields.isEmpty()) {
            switch (spec.action()) {
                case Histogram h -> c.add("HIST_LOG2(hist);\t\t/* a per-CPU counter per power-of-two bucket, bpftrace's hist() */", call);
                case LinearHistogram h -> c.add("PERCPU_ARRAY(lhist, s64, " + h.buckets() + ");\t/* a per-CPU counter per bucket: below "
                        + h.min() + ", " + (h.buckets() - 2) + " of " + h.step() + ", from " + h.max() + " up */", call);
                default -> c.add("PERCPU_ARRAY(" + map + ", " + valueType() + ", 1);\t/* one value, per CPU; summed when read */", call);
            }
        } else {
            struct(c, map + "_key", call("by("));
            c.add("PERCPU_HASH(" + map + ", struct " + map + "_key, " + valueType() + ", " + MAP_ENTRIES
                    + ");\t/* per key and CPU; the CPUs are combined when read */", call);
        }
        if (declarations.usesStacks()) {
            c.add("STACK_TRACE(stacks, " + STACK_ENTRIES + ");\t/* kstack()/ustack() ids; their frames are named when read */", call);
        }
        if (spec.isLatency()) {
            c.add("HASH(start, " + matchType + ", u64, " + MAP_ENTRIES + ");\t/* " + spec.match().call()
                    + " -> when its start fired (bpftrace's @start[" + NodeText.bpftrace(spec.match().node()) + "]) */", probeCall());
        }
    }

    private String valueType() {
        return spec.action() instanceof Aggregate a && a.kind() != Action.Kind.COUNT && a.kind() != Action.Kind.SUM
                ? "struct tracebook_stats" : "s64";
    }

    private void struct(CSource c, String name, String call) {
        c.add("struct " + name + " {", call);
        for (Field f : fields) c.add("\t" + f.declaration(), call);
        c.add("};", call);
    }

    private static String signature(ProgramScope scope) {
        Probe p = scope.probe();
        String name = p.program();
        return switch (p.type()) {
            case TRACEPOINT, BEGIN, END -> "int " + name + "(void *ctx)";
            case RAW_TRACEPOINT -> "int " + name + "(struct bpf_raw_tracepoint_args *ctx)";
            case TP_BTF, KFUNC, KRETFUNC -> "int BPF_PROG(" + String.join(", ", prepend(name, scope.args().declarations())) + ")";
            case UPROBE, URETPROBE, KPROBE, KRETPROBE, USDT -> "int " + name + "(struct pt_regs *ctx)";
            case PROFILE, INTERVAL -> "int " + name + "(struct bpf_perf_event_data *ctx)";
        };
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
