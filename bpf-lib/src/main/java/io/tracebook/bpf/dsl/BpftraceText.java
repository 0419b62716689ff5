package io.tracebook.bpf.dsl;

import java.util.function.Function;
import java.util.stream.Collectors;

/** A one-liner as bpftrace would write it: what {@code toString()} shows and the generated C's first comment. */
final class BpftraceText {
    private BpftraceText() {
    }

    /** The whole program; {@code literal} spells a comparison's literal (the value, or the global holding it). */
    static String program(Spec spec, Function<Filter.Compare, String> literal) {
        String filter = spec.filter() == null ? "" : filter(spec.filter(), literal);
        String map = spec.keys().isEmpty() ? "@" : "@[" + spec.keys().stream().map(k -> NodeText.bpftrace(k.node()))
                .collect(Collectors.joining(", ")) + "]";
        String action = switch (spec.action()) {
            case Action.Emit e -> e.bpftrace();
            case Action.Printf p -> p.bpftrace();
            default -> map + " = " + spec.action().bpftrace();
        };
        String end = String.join(",", spec.written());
        if (!spec.isLatency()) {
            return end + (filter.isEmpty() ? "" : " /" + filter + "/") + " { " + action + "; }" + interval(spec);
        }
        String match = NodeText.bpftrace(spec.match().node());
        String startFilter = spec.filter() != null && FilterScope.onlyBuiltins(spec.filter()) ? " /" + filter + "/" : "";
        return String.join(",", spec.writtenStarts()) + startFilter + " { @start[" + match + "] = nsecs; } " + end + " /@start[" + match + "]"
                + (filter.isEmpty() ? "" : " && " + filter) + "/ { " + action + "; delete(@start[" + match + "]); }" + interval(spec);
    }

    private static String interval(Spec spec) {
        if (spec.interval() == null) return "";
        long ms = spec.interval().toMillis();
        String probe = ms % 1000 == 0 ? "interval:s:" + ms / 1000 : "interval:ms:" + ms;
        return " " + probe + " { print(@); clear(@); }";
    }

    static String filter(Filter filter, Function<Filter.Compare, String> literal) {
        return switch (filter.condition()) {
            case Filter.And and -> "(" + filter(and.left(), literal) + " && " + filter(and.right(), literal) + ")";
            case Filter.Or or -> "(" + filter(or.left(), literal) + " || " + filter(or.right(), literal) + ")";
            case Filter.Not not -> "!(" + filter(not.filter(), literal) + ")";
            case Filter.Compare c -> {
                String subject = NodeText.bpftrace(c.subject().node());
                String value = literal.apply(c);
                yield c.op() == Filter.Op.STARTS_WITH
                        ? "strncmp(" + subject + ", " + value + ", " + ((String) c.literal()).length() + ") == 0"
                        : subject + " " + c.op().c + " " + value;
            }
        };
    }

    /** A comparison's literal as written: a number, or text in quotes. */
    static String value(Filter.Compare compare) {
        return compare.literal() instanceof String s ? "\"" + CText.escape(s) + "\"" : String.valueOf(compare.literal());
    }
}
