package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.CompileException.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns clang's output into what the user needs: the diagnostics located in their own file, at
 * their own line and column (the prelude is injected, so clang's numbers already are theirs),
 * with the offending source line, and a short exception message for a failed compile. Errors in other
 * files name the file (a prelude header by its name alone: where the cache keeps it is no business of the
 * user's) and the line of the user's {@code #include} that led there. A clang that crashed, hung or
 * printed without end gets a message saying so.
 */
final class UserDiagnostics {
    private static final int ERRORS_IN_MESSAGE = 3;
    /** clang's crash report names the token it was at: "2.\tsnippet.bpf.c:3:5: current parser token 'x'". */
    private static final Pattern CRASH_PLACE = Pattern.compile("(\\S+):(\\d+):\\d+: current parser token");

    private final String userFile;
    private final String source;
    private List<String> sourceLines; // split when a diagnostic needs its line: a cache hit usually has none
    private final PreludeHeaders headers;
    private final List<Path> includeDirs;

    /** {@code userFile} as clang names it in diagnostics; {@code includeDirs}: the user's, where newer libbpf headers may be. */
    UserDiagnostics(String userFile, String source, PreludeHeaders headers, List<Path> includeDirs) {
        this.userFile = userFile;
        this.source = source;
        this.headers = headers;
        this.includeDirs = includeDirs;
    }

    /** The warnings clang gave for the user's file. */
    List<Diagnostic> warnings(String clangOutput) {
        if (clangOutput.isEmpty()) return List.of(); // the usual case: a re-run finds nothing to parse
        return inUserFile(ClangDiagnostic.parse(clangOutput)).stream()
                .filter(d -> d.severity().equals("warning"))
                .toList();
    }

    /** The exception for a compilation that did not succeed. */
    CompileException failure(ProcessRunner.Result result, String commandLine, Duration timeLimit) {
        String output = result.output();
        String details = "$ " + commandLine + "\n" + output;
        List<ClangDiagnostic> all = ClangDiagnostic.parse(output);
        List<Diagnostic> mine = inUserFile(all);
        return new CompileException(switch (result.ending()) {
            case TIME_LIMIT -> "clang did not finish within " + timeLimit.toSeconds() + " s and was stopped: does the source"
                    + " include a pipe or a device that never ends? (details() has what clang printed)";
            case OUTPUT_LIMIT -> "clang printed more than " + ProcessRunner.OUTPUT_LIMIT / 1024 / 1024 + " MiB of diagnostics and was"
                    + " stopped" + all.stream().findFirst().map(d -> "; the first:\n" + describe(d)).orElse("");
            case EXITED -> result.signal() != null ? crashed(result.signal(), output) : rejected(all, result.exitCode(), output);
        }, mine, details);
    }

    private String crashed(String signal, String output) {
        if (signal.equals("SIGKILL")) {
            return "clang was killed (SIGKILL), most likely by the kernel's out-of-memory killer: compiling this source needs"
                    + " more memory than is free; simplify it";
        }
        Matcher place = CRASH_PLACE.matcher(output);
        String where = place.find() && place.group(1).equals(userFile) ? " near line " + place.group(2) : "";
        return "clang crashed (" + signal + ")" + where + ": a clang bug, usually met with extremely large or deeply nested"
                + " expressions or macro expansions; simplify that code (details() has clang's report)";
    }

    private String rejected(List<ClangDiagnostic> all, int exitCode, String output) {
        List<ClangDiagnostic> errors = all.stream().filter(ClangDiagnostic::isError).toList();
        if (errors.isEmpty()) {
            String said = output.strip().lines().limit(3).reduce((a, b) -> a + "\n" + b).orElse("");
            return "clang failed (exit " + exitCode + ")" + (said.isEmpty() ? " without saying why; details() has its command line"
                    : ":\n" + said);
        }
        StringBuilder message = new StringBuilder("BPF C does not compile");
        message.append(errors.size() == 1 ? ": " : " (" + errors.size() + " errors):\n");
        errors.stream().limit(ERRORS_IN_MESSAGE).forEach(e -> message.append(describe(e)).append('\n'));
        if (errors.size() > ERRORS_IN_MESSAGE) {
            message.append("... ").append(errors.size() - ERRORS_IN_MESSAGE).append(" more, see details()\n");
        }
        NewerLibbpfHint.explain(inUserFile(errors), includeDirs).ifPresent(hint -> message.append(hint).append('\n'));
        return message.toString().strip();
    }

    /** One diagnostic as the message shows it: in the user's file with its source line, elsewhere with the file's name. */
    private String describe(ClangDiagnostic d) {
        if (d.file().equals(userFile)) return toUser(d).toString();
        if (d.line() == 0) return d.severity() + ": " + d.message();
        Path file = Path.of(d.file());
        String name = headers.contains(file) ? file.getFileName().toString() : d.file();
        boolean fromUser = d.includedFrom() != null && d.includedFrom().file().equals(userFile);
        return name + ":" + d.line() + ":" + d.column() + ": " + d.severity() + ": " + d.message()
                + (fromUser ? " (included from line " + d.includedFrom().line() + ")" : "");
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
        if (sourceLines == null) sourceLines = source.lines().toList();
        String sourceLine = d.line() >= 1 && d.line() <= sourceLines.size() ? sourceLines.get(d.line() - 1) : "";
        return new Diagnostic(d.line(), d.column(), d.severity(), message, sourceLine);
    }
}
