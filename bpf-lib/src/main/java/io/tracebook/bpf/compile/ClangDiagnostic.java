package io.tracebook.bpf.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic as clang printed it ({@code file:line:col: severity: message}) with the notes
 * that followed it. Diagnostics without a position ({@code clang: error: ...}) have line 0.
 * {@code includedFrom} is where the main file's {@code #include} chain leading to {@code file} starts
 * (clang's "In file included from x.c:3:"), or null when the diagnostic is in the main file.
 */
record ClangDiagnostic(String file, int line, int column, String severity, String message,
                       List<ClangDiagnostic> notes, Place includedFrom) {
    /** A line of a file. */
    record Place(String file, int line) {
    }

    private static final Pattern LOCATED =
            Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note|remark): (.*)$");
    private static final Pattern UNLOCATED =
            Pattern.compile("^(?:clang(?:-\\d+)?: )?(fatal error|error|warning): (.*)$");
    /** "In file included from a.c:3:" then "                 from b.h:4:", innermost first. */
    private static final Pattern INCLUDED = Pattern.compile("^(?:In file included| +) from (.+?):(\\d+):$");

    boolean isError() {
        return severity.endsWith("error");
    }

    static List<ClangDiagnostic> parse(String output) {
        List<ClangDiagnostic> diagnostics = new ArrayList<>();
        Place outermost = null;
        for (String line : output.lines().toList()) {
            Matcher included = INCLUDED.matcher(line);
            if (included.matches()) {
                outermost = new Place(included.group(1), Integer.parseInt(included.group(2)));
                continue;
            }
            Matcher located = LOCATED.matcher(line);
            Matcher unlocated = UNLOCATED.matcher(line);
            ClangDiagnostic d;
            if (located.matches()) {
                d = new ClangDiagnostic(located.group(1), Integer.parseInt(located.group(2)),
                        Integer.parseInt(located.group(3)), located.group(4), located.group(5), new ArrayList<>(), outermost);
            } else if (unlocated.matches()) {
                d = new ClangDiagnostic("", 0, 0, unlocated.group(1), unlocated.group(2), new ArrayList<>(), null);
            } else {
                continue;
            }
            outermost = null;
            if (d.severity.equals("note") && !diagnostics.isEmpty()) {
                diagnostics.getLast().notes.add(d);
            } else {
                diagnostics.add(d);
            }
        }
        return diagnostics;
    }

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line + ":" + column + ": " : "") + severity + ": " + message;
    }
}
