package io.tracebook.bpf.record;

import java.util.List;

/** Says in two lines where a snippet's C differs from the recorded one: the first line that differs, here and there. */
final class SourceDiff {
    private static final int WIDTH = 100;

    private SourceDiff() {
    }

    static String describe(String here, String recorded) {
        List<String> mine = here.lines().toList();
        List<String> theirs = recorded.lines().toList();
        int line = 0;
        while (line < mine.size() && line < theirs.size() && mine.get(line).strip().equals(theirs.get(line).strip())) line++;
        int differing = 0;
        for (int i = line; i < Math.max(mine.size(), theirs.size()); i++) {
            String a = i < mine.size() ? mine.get(i).strip() : null;
            String b = i < theirs.size() ? theirs.get(i).strip() : null;
            if (a == null || !a.equals(b)) differing++;
        }
        return "line " + (line + 1) + " differs" + (differing > 1 ? " (and " + (differing - 1) + " more)" : "") + ":\n"
                + "  here:     " + shown(mine, line) + "\n"
                + "  recorded: " + shown(theirs, line);
    }

    private static String shown(List<String> lines, int line) {
        if (line >= lines.size()) return "(nothing: the source ends before)";
        String text = lines.get(line).strip();
        return text.length() > WIDTH ? text.substring(0, WIDTH) + "..." : text;
    }
}
