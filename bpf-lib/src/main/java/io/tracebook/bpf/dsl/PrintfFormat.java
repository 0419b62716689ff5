package io.tracebook.bpf.dsl;

import io.tracebook.bpf.error.OneLinerException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bpftrace's {@code printf} formats, done in Java on each event: {@code %s} for text and stacks, {@code %d %i %u %x %X
 * %o %c} for numbers (with C's length modifiers {@code l ll h hh z}, which Java does not need), flags and widths as in C,
 * {@code %%} for a percent sign. Checked against the values when the one-liner is built.
 */
final class PrintfFormat {
    private static final Pattern CONVERSION = Pattern.compile("%([-+ 0#]*)(\\d*)(?:\\.(\\d+))?(hh|h|ll|l|z|j)?([a-zA-Z%])");

    /** A conversion: the Java format for it and whether it takes text. */
    private record Conversion(String java, boolean text) {
    }

    private final String format;
    private final List<Object> parts = new ArrayList<>();

    private PrintfFormat(String format) {
        this.format = format;
    }

    /** Parses {@code format}; {@code call} is the printf call, named in errors. */
    static PrintfFormat parse(String format, String call) {
        PrintfFormat f = new PrintfFormat(format);
        Matcher m = CONVERSION.matcher(format);
        int at = 0;
        while (m.find()) {
            f.parts.add(format.substring(at, m.start()));
            at = m.end();
            String flags = m.group(1);
            String width = m.group(2);
            String precision = m.group(3) == null ? "" : "." + m.group(3);
            char c = m.group(5).charAt(0);
            f.parts.add(switch (c) {
                case '%' -> "%";
                case 's' -> new Conversion("%" + flags + width + precision + "s", true);
                case 'd', 'i', 'u' -> new Conversion("%" + flags + width + "d", false);
                case 'x', 'X', 'o' -> new Conversion("%" + flags + width + c, false);
                case 'c' -> new Conversion("%" + flags + width + "c", false);
                case 'p' -> new Conversion("0x%" + flags + width + "x", false);
                default -> throw new OneLinerException(call, "printf's %" + c + " is not a conversion bpftrace knows; use %s for text, "
                        + "%d or %u for numbers, %x for hex, %c for a character");
            });
        }
        f.parts.add(format.substring(at));
        return f;
    }

    int conversions() {
        return (int) parts.stream().filter(p -> p instanceof Conversion).count();
    }

    /** Checks the values against the conversions: as many, text where %s wants text. */
    void check(List<Field> fields, List<Expr> values, String call) {
        if (conversions() != values.size()) {
            throw new OneLinerException(call, "printf(\"" + CText.escape(format) + "\", ..) has " + conversions() + " conversions but "
                    + values.size() + (values.size() == 1 ? " value" : " values") + " follow it");
        }
        int i = 0;
        for (Object p : parts) {
            if (!(p instanceof Conversion c)) continue;
            boolean text = !(fields.get(i).type() instanceof ValueType.Integer) && !(fields.get(i).type() instanceof ValueType.Pointer);
            if (c.text() != text) {
                throw new OneLinerException(call, "printf's conversion " + (i + 1) + " (" + c.java() + ") wants " + (c.text() ? "text" : "a number")
                        + ", but " + values.get(i).call() + " is " + fields.get(i).type().describe());
            }
            i++;
        }
    }

    /** The line for one event's values, in order. */
    String format(List<Object> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Object p : parts) {
            if (p instanceof Conversion c) {
                Object v = values.get(i++);
                out.append(String.format(c.java(), c.java().endsWith("c") && v instanceof Number n ? (char) n.intValue() : v));
            } else {
                out.append(p);
            }
        }
        return out.toString();
    }
}
