package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.CompileException.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns clang's output into what the user needs: the diagnostics located in their own file, at
 * their own line and column (the prelude is injected, so clang's numbers already are theirs),
 * with the offending source line, and a short exception message for a failed compile.
 */
final class UserDiagnostics {
    private static final int ERRORS_IN_MESSAGE = 3;

    private final String userFile;
    private final List<String> sourceLines;

    UserDiagnostics(Path userFile, String source) {
        this.userFile = userFile.toString();
        this.sourceLines = source.lines().toList();
    }

    /** The warnings clang gave for the user's file. */
    List<Diagnostic> warnings(String clangOutput) {
        return inUserFile(ClangDiagnostic.parse(clangOutput)).stream()
                .filter(d -> d.severity().equals("warning"))
                .toList();
    }

    /** The exception for a compilation clang rejected. */
    CompileException failure(String clangOutput, String commandLine) {
        List<ClangDiagnostic> all = ClangDiagnostic.parse(clangOutput);
        List<Diagnostic> mine = inUserFile(all);
        List<Diagnostic> errors = mine.stream().filter(d -> d.severity().endsWith("error")).toList();
        String details = "$ " + commandLine + "\n" + clangOutput;
        if (errors.isEmpty()) {
            return new CompileException("BPF C does not compile: " + firstErrorElsewhere(all, clangOutput), mine, details);
        }
        StringBuilder message = new StringBuilder("BPF C does not compile");
        message.append(errors.size() == 1 ? ": " : " (" + errors.size() + " errors):\n");
        errors.stream().limit(ERRORS_IN_MESSAGE).forEach(e -> message.append(e).append('\n'));
        if (errors.size() > ERRORS_IN_MESSAGE) {
            message.append("... ").append(errors.size() - ERRORS_IN_MESSAGE).append(" more, see details()\n");
        }
        return new CompileException(message.toString().strip(), mine, details);
    }

    private List<Diagnostic> inUserFile(List<ClangDiagnostic> all) {
        return all.stream()
                .filter(d -> d.file().equals(userFile))
                .map(this::toUser)
                .toList();
    }

    private Diagnostic toUser(ClangDiagnostic d) {
        String message = d.message();
        if (d.isError()) {
            message = RedefinitionHint.explain(d, userFile).map(hint -> d.message() + ": " + hint).orElse(message);
        }
        String sourceLine = d.line() >= 1 && d.line() <= sourceLines.size() ? sourceLines.get(d.line() - 1) : "";
        return new Diagnostic(d.line(), d.column(), d.severity(), message, sourceLine);
    }

    /** An error outside the user's file (in a header they included, or about the command line). */
    private static String firstErrorElsewhere(List<ClangDiagnostic> all, String clangOutput) {
        return all.stream()
                .filter(ClangDiagnostic::isError)
                .findFirst()
                .map(ClangDiagnostic::toString)
                .orElseGet(() -> String.join("\n", clangOutput.strip().lines().limit(5).toList()));
    }
}
