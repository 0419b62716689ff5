package io.tracebook.bpf.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic as clang printed it ({@code file:line:col: severity: message}) with the notes
 * that followed it. Diagnostics without a position ({@code clang: error: ...}) have line 0.
 */
record ClangDiagnostic(String file, int line, int column, String severity, String message,
                       List<ClangDiagnostic> notes) {
    private static final Pattern LOCATED =
            Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note|remark): (.*)$");
    private static final Pattern UNLOCATED =
            Pattern.compile("^(?:clang(?:-\\d+)?: )?(fatal error|error|warning): (.*)$");

    boolean isError() {
        return severity.endsWith("error");
    }

    static List<ClangDiagnostic> parse(String output) {
        List<ClangDiagnostic> diagnostics = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher located = LOCATED.matcher(line);
            Matcher unlocated = UNLOCATED.matcher(line);
            ClangDiagnostic d;
            if (located.matches()) {
                d = new ClangDiagnostic(located.group(1), Integer.parseInt(located.group(2)),
                        Integer.parseInt(located.group(3)), located.group(4), located.group(5), new ArrayList<>());
            } else if (unlocated.matches()) {
                d = new ClangDiagnostic("", 0, 0, unlocated.group(1), unlocated.group(2), new ArrayList<>());
            } else {
                continue;
            }
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
