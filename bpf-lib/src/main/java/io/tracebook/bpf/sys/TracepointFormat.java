package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a tracepoint's tracefs {@code format} file: the fields of the record its programs see, as bpftrace types them. */
public final class TracepointFormat {
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*field:([^;]+);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d);", Pattern.MULTILINE);

    private TracepointFormat() {
    }

    /** Every field of the record, the {@code common_*} ones first, in the file's order. */
    public static List<TracepointField> parse(String format) {
        List<TracepointField> fields = new ArrayList<>();
        Matcher m = FIELD.matcher(format);
        while (m.find()) {
            fields.add(TracepointField.parse(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4).equals("1")));
        }
        if (fields.isEmpty()) throw new BpfException("a tracepoint format file without fields:\n" + format.strip());
        return fields;
    }
}
