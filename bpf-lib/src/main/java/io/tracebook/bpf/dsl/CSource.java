package io.tracebook.bpf.dsl;

import java.util.ArrayList;
import java.util.List;

/** The generated C, line by line, each line remembering the DSL call it was written for. */
final class CSource {
    /** A line of C and the DSL call it comes from ("" for scaffolding). */
    record Line(String text, String origin) {
    }

    private final List<Line> lines = new ArrayList<>();

    void add(String text, String origin) {
        for (String line : text.split("\n", -1)) lines.add(new Line(line, origin));
    }

    void add(String text) {
        add(text, "");
    }

    void addAll(List<Line> more, String indent) {
        for (Line l : more) lines.add(new Line(l.text().isEmpty() ? "" : indent + l.text(), l.origin()));
    }

    /** The DSL call behind line {@code number} (1-based), or "" when it is scaffolding or out of range. */
    String originOf(int number) {
        return number >= 1 && number <= lines.size() ? lines.get(number - 1).origin() : "";
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (Line l : lines) out.append(l.text()).append('\n');
        return out.toString();
    }
}
