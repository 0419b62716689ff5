package io.tracebook.bpf.error;

import java.util.List;

/** clang rejected the snippet. Line and column numbers are the user's own, never the prelude's. */
public final class CompileException extends BpfException {
    /** One clang diagnostic, positioned in the user's source (line and column start at 1). */
    public record Diagnostic(int line, int column, String severity, String message, String sourceLine) {
        @Override
        public String toString() {
            String where = line > 0 ? "line " + line + ":" + column + ": " : "";
            String src = sourceLine == null || sourceLine.isBlank() ? "" : "\n    " + sourceLine.strip();
            return where + severity + ": " + message + src;
        }
    }

    private final List<Diagnostic> diagnostics;

    public CompileException(String message, List<Diagnostic> diagnostics, String fullOutput) {
        super(message, fullOutput, null);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
