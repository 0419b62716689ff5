package io.tracebook.kernel.cell;

import io.tracebook.kernel.exec.CellExecutionControl;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Runs Java code snippet by snippet through JShell and turns JShell's events into the value of the
 * last snippet or a {@link CellError} that names the user's line. A declaration whose dependencies
 * come later in the same cell is fine (JShell completes it when they arrive); only one still
 * unusable when the cell ends earns a note.
 */
public final class CellEvaluator {

    /** A snippet's value; wraps it to tell "the value is null" from "no value". */
    public record Value(Object object) {
    }

    private record Origin(SourceText source, int codeOffset) {
    }

    private final JShell shell;
    private final CellExecutionControl control;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final List<Snippet> incomplete = new ArrayList<>();
    private volatile boolean interrupted;

    public CellEvaluator(JShell shell, CellExecutionControl control) {
        this.shell = shell;
        this.control = control;
    }

    /** Stops the running snippet and skips the rest of the cell. */
    public void interrupt() {
        interrupted = true;
        control.stop();
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    public void startCell() {
        interrupted = false;
        control.clearStopRequest();
        incomplete.clear();
    }

    /** Evaluates all snippets of the source; returns the last one's value, or null when it has none. */
    public Value eval(SourceText source) {
        String text = source.text();
        String remaining = text;
        Value last = null;
        while (SourceText.firstCodeOffset(remaining, 0) < remaining.length()) {
            int offset = text.length() - remaining.length();
            CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
            if (info.source() == null) {
                // Unfinished code (an open brace, string or expression): javac says where.
                return evalSnippet(remaining, source, offset);
            }
            last = evalSnippet(info.source(), source, offset);
            remaining = info.remaining();
        }
        return last;
    }

    /** Reports declarations of this cell that still wait for something undeclared. */
    public void finishCell(PrintStream notes) {
        control.clearResults();
        for (Snippet snippet : incomplete) {
            if (shell.status(snippet).isActive() && !shell.status(snippet).equals(Snippet.Status.VALID)
                    && snippet instanceof DeclarationSnippet declaration) {
                notes.println("note: " + describe(declaration) + " is declared, but cannot be used until "
                        + String.join(", ", shell.unresolvedDependencies(declaration).toList()) + " is declared");
            }
        }
        incomplete.clear();
    }

    private Value evalSnippet(String code, SourceText source, int offset) {
        if (interrupted) {
            throw new CellError.Interrupted("stopped before line " + source.lineAt(offset) + " of " + source.name());
        }
        List<SnippetEvent> events = shell.eval(code);
        switch (control.takeStopOutcome()) {
            case STOPPED -> throw new CellError.Interrupted("the cell was stopped at your request");
            case ABANDONED -> throw new CellError.Interrupted("the cell did not stop within a few seconds "
                    + "(it ignores interrupts and runs no loop of its own), so the kernel moved on; "
                    + "its thread keeps running in the background");
            case NOT_STOPPED -> { }
        }
        Value value = null;
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            if (event.causeSnippet() != null) {
                noteBrokenDependent(event);
                continue;
            }
            origins.put(snippet.id(), new Origin(source, SourceText.firstCodeOffset(source.text(), offset)));
            if (event.status() == Snippet.Status.REJECTED) {
                throw ErrorReports.compileError(shell.diagnostics(snippet).toList(), source, offset);
            }
            if (event.exception() != null) {
                throw ErrorReports.exception(event.exception(), control.takeFailure(), shell, this::where);
            }
            if (event.status() != Snippet.Status.VALID) {
                incomplete.add(snippet);
            }
            if (hasValue(snippet)) {
                value = new Value(control.takeResult(event.value()));
            }
        }
        return value;
    }

    /** A new import or declaration can break an earlier snippet; say so, since its variable silently disappears. */
    private void noteBrokenDependent(SnippetEvent event) {
        if (event.previousStatus() == Snippet.Status.VALID && !event.status().isDefined()
                && event.snippet() instanceof DeclarationSnippet declaration) {
            String reason = shell.diagnostics(declaration).map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                    .findFirst().orElse("it depends on something no longer declared");
            Origin origin = origins.get(declaration.id());
            String from = origin == null ? "" : " from " + origin.source().name();
            System.err.println("note: " + describe(declaration) + from + " no longer compiles (" + reason + ") and cannot be used");
        }
    }

    private String where(String snippetId, int lineInSnippet) {
        Origin origin = origins.get(snippetId);
        if (origin == null) {
            return null;
        }
        return "line " + (origin.source().lineAt(origin.codeOffset()) + lineInSnippet - 1) + " of " + origin.source().name();
    }

    private static boolean hasValue(Snippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    private static String describe(DeclarationSnippet declaration) {
        String kind = switch (declaration.kind()) {
            case TYPE_DECL -> "type";
            case METHOD -> "method";
            case VAR -> "variable";
            default -> "declaration";
        };
        return kind + " " + declaration.name();
    }
}
