package io.tracebook.bpf.dsl;

import io.tracebook.bpf.sys.TracepointField;
import java.util.ArrayList;
import java.util.List;

/**
 * A tracepoint's record as a C struct, written from its tracefs format file: every field at its offset, gaps
 * as explicit padding, integers sized as the format file sizes their slots (an {@code int} argument of a
 * syscall in an 8-byte slot is read whole, signed, as bpftrace reads it).
 */
final class TracepointRecord {
    private TracepointRecord() {
    }

    static String name(Probe probe) {
        return CText.identifier("tp_" + probe.target().get(0) + "_" + probe.target().get(1));
    }

    static String of(Probe probe) {
        List<TracepointField> fields = ProbeArgs.of(probe).fields();
        List<String> lines = new ArrayList<>();
        boolean packed = false;
        int at = 0;
        for (TracepointField f : fields) {
            if (f.offset() > at) lines.add("\tu8 __pad_" + at + "[" + (f.offset() - at) + "];");
            Declaration d = declaration(f);
            packed |= f.offset() % d.alignment != 0;
            lines.add("\t" + d.text);
            at = f.offset() + f.size();
        }
        return "/* " + probe.label() + ": the record its programs see, from events/" + probe.target().get(0) + "/"
                + probe.target().get(1) + "/format in tracefs */\n"
                + "struct " + name(probe) + " {\n" + String.join("\n", lines) + "\n}" + (packed ? " __attribute__((packed))" : "") + ";";
    }

    private record Declaration(String text, int alignment) {
    }

    private static Declaration declaration(TracepointField f) {
        String name = f.name();
        String original = "\t/* " + f.type() + " */";
        return switch (f.kind()) {
            case INTEGER -> switch (f.size()) {
                case 1, 2, 4, 8 -> {
                    String sized = (f.signed() ? "s" : "u") + f.size() * 8;
                    yield new Declaration(sized + " " + name + ";" + (sized.equals(f.type()) ? "" : original), f.size());
                }
                default -> new Declaration("u8 " + name + "[" + f.size() + "];" + original, 1);
            };
            case CHAR_ARRAY -> new Declaration("char " + name + "[" + f.arrayLength() + "];", 1);
            case STRING_POINTER -> new Declaration("const char *" + name + ";", 8);
            case DATA_LOC_STRING -> new Declaration("u32 " + name + ";\t/* __data_loc char[]: the text's offset in the record"
                    + " (low 16 bits) and length */", 4);
            case POINTER -> ProbeArgs.structPointedTo(f.type()) != 0
                    ? new Declaration(f.type() + name + ";", 8)
                    : new Declaration("u64 " + name + ";" + original, 8);
            case ARRAY -> {
                int element = f.arrayLength() > 0 ? f.size() / f.arrayLength() : 1;
                yield element == 8 || element == 4 || element == 2
                        ? new Declaration("u" + element * 8 + " " + name + "[" + f.arrayLength() + "];" + original, element)
                        : new Declaration("u8 " + name + "[" + f.size() + "];" + original, 1);
            }
        };
    }
}
