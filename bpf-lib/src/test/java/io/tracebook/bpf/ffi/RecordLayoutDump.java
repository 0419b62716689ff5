package io.tracebook.bpf.ffi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads clang's {@code -fdump-record-layouts} output. Each record is dumped as lines
 * {@code OFFSET | TYPE NAME}, indented two spaces per nesting level, with absolute byte offsets;
 * a bitfield's offset reads {@code BYTE:FIRSTBIT-LASTBIT} ({@code BYTE:-} for width 0).
 */
final class RecordLayoutDump {
    private static final Pattern MEMBER = Pattern.compile(
            "^\\s*(?<byte>\\d+)(?::(?<first>\\d+)-(?<last>\\d+)|(?<zeroWidth>:-))? \\|(?<indent> +)(?<text>.*)$");
    private static final Pattern SIZE = Pattern.compile("^\\s*\\| \\[sizeof=(\\d+)");

    private RecordLayoutDump() {
    }

    /** Lays out {@code struct name} from {@code header}; empty if the header declares no such struct. */
    static Optional<CRecord> ofStruct(String header, String name) {
        // clang only dumps layouts it computes, so the probe takes the struct's size
        String source = "#include <" + header + ">\nint header_check_size = sizeof(struct " + name + ");\n";
        return parse(ClangDump.of(source, "-Xclang", "-fdump-record-layouts"), "struct " + name);
    }

    private static Optional<CRecord> parse(String dump, String recordType) {
        List<String> lines = dump.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher header = MEMBER.matcher(lines.get(i));
            if (header.matches() && level(header) == 0 && header.group("text").equals(recordType)) {
                return Optional.of(record(recordType, lines.subList(i + 1, lines.size())));
            }
        }
        return Optional.empty();
    }

    private static CRecord record(String recordType, List<String> lines) {
        List<CRecord.Field> fields = new ArrayList<>();
        // reachable[level]: members at level+1 can be named from the record (their parent is anonymous)
        List<Boolean> reachable = new ArrayList<>(List.of(true));
        for (String line : lines) {
            Matcher size = SIZE.matcher(line);
            if (size.find()) return new CRecord(recordType, Long.parseLong(size.group(1)), fields);
            Matcher m = MEMBER.matcher(line);
            if (!m.matches()) throw new IllegalStateException("unexpected line in clang's record layout dump: " + line);
            int level = level(m);
            String text = m.group("text");
            String name = text.substring(text.lastIndexOf(' ') + 1);
            String type = text.substring(0, text.lastIndexOf(' '));
            boolean isReachable = reachable.get(level - 1);
            while (reachable.size() > level) reachable.removeLast();
            reachable.add(isReachable && name.isEmpty());
            if (isReachable) fields.add(field(m, name, type));
        }
        throw new IllegalStateException("clang's record layout dump of " + recordType + " has no sizeof line");
    }

    private static CRecord.Field field(Matcher m, String name, String type) {
        long byteOffset = Long.parseLong(m.group("byte"));
        if (m.group("first") == null) {
            return new CRecord.Field(name, type, byteOffset * 8, m.group("zeroWidth") != null ? 0 : -1);
        }
        int first = Integer.parseInt(m.group("first"));
        int last = Integer.parseInt(m.group("last"));
        return new CRecord.Field(name, type, byteOffset * 8 + first, last - first + 1);
    }

    /** The record itself is at level 0 ("| struct x"), its members at 1 ("|   int a"), and so on. */
    private static int level(Matcher m) {
        return (m.group("indent").length() - 1) / 2;
    }
}
