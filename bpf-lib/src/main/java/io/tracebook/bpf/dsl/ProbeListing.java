package io.tracebook.bpf.dsl;

import io.tracebook.bpf.sys.ProbeCatalog;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** bpftrace's {@code -l} and {@code -lv} as Tables. */
final class ProbeListing {
    private ProbeListing() {
    }

    static Table list(String search) {
        return Table.create("probes matching " + search, StringColumn.create("probe", ProbeCatalog.list(search)));
    }

    /** A row per argument: {@code probe}, {@code field}, {@code type} (as the kernel declares it), {@code value}, {@code use}. */
    static Table describe(String spec) {
        String call = "describe(\"" + spec + "\")";
        StringColumn probe = StringColumn.create("probe");
        StringColumn field = StringColumn.create("field");
        StringColumn type = StringColumn.create("type");
        StringColumn value = StringColumn.create("value");
        StringColumn use = StringColumn.create("use");
        for (Probe p : ProbeParser.parse(spec, call)) {
            ProbeArgs args = ProbeArgs.of(p);
            List<ArgInfo> shown = args.named();
            if (shown.isEmpty()) shown = positional(args);
            for (ArgInfo a : shown) {
                probe.append(p.label());
                field.append(a.name());
                type.append(a.declared());
                value.append(a.type().describe());
                use.append(use(a, args.named().isEmpty()));
            }
        }
        return Table.create(spec, probe, field, type, value, use);
    }

    private static List<ArgInfo> positional(ProbeArgs args) {
        return java.util.stream.IntStream.range(0, args.positionalCount()).mapToObj(i -> args.positional(i).orElseThrow()).toList();
    }

    private static String use(ArgInfo a, boolean positional) {
        String arg = positional ? "arg(" + a.name().substring(3) + ")" : "arg(\"" + a.name() + "\")";
        return switch (a.type()) {
            case ValueType.TextPointer t -> "str(" + arg + ")";
            case ValueType.TextLocation t -> "str(" + arg + ")";
            case ValueType.Pointer p when p.struct() != 0 -> arg + ".field(\"..\")";
            case ValueType.Unusable u -> "-";
            default -> arg;
        };
    }
}
