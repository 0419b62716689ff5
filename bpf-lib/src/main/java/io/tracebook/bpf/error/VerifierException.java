package io.tracebook.bpf.error;

/**
 * The kernel's verifier refused a program. {@link #reason()} is the verifier's short reason,
 * {@link #sourceLine()} the user's line it points at (0 when unknown), {@link #details()} the full log.
 */
public final class VerifierException extends BpfException {
    private final String program;
    private final String reason;
    private final int sourceLine;
    private final String sourceText;

    public VerifierException(String program, String reason, int sourceLine, String sourceText, String log) {
        super(format(program, reason, sourceLine, sourceText), log, null);
        this.program = program;
        this.reason = reason;
        this.sourceLine = sourceLine;
        this.sourceText = sourceText;
    }

    private static String format(String program, String reason, int line, String text) {
        StringBuilder sb = new StringBuilder("verifier rejected program '").append(program).append("': ").append(reason);
        if (line > 0) {
            sb.append("\n  at line ").append(line);
            if (text != null && !text.isBlank()) sb.append(": ").append(text.strip());
        }
        return sb.append("\n  (the full verifier log is in details())").toString();
    }

    public String program() { return program; }
    public String reason() { return reason; }
    public int sourceLine() { return sourceLine; }
    public String sourceText() { return sourceText; }
    public String log() { return details(); }
}
