package io.tracebook.kernel.cell;

import io.tracebook.kernel.exec.CellExecutionControl;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Runs Java code snippet by snippet through JShell and turns JShell's events into the value of the
 * last snippet or a {@link CellError} that names the user's line. A declaration whose dependencies
 * come later in the same cell is fine (JShell completes it when they arrive), and so is one that a
 * cell replaces (re-running a cell declares everything anew); only a declaration still unusable when
 * the cell ends earns a note: one of this cell still waiting for something undeclared, or one of an
 * earlier cell that this cell broke.
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
    /** Declarations this cell left unusable, its own or earlier ones it broke; checked again when the cell ends. */
    private final Set<DeclarationSnippet> unusable = new LinkedHashSet<>();
    /** The sources this cell ran (its Java between magic lines, files it loaded): where its own declarations come from. */
    private final Set<SourceText> cellSources = new HashSet<>();
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
        unusable.clear();
        cellSources.clear();
    }

    /** Evaluates all snippets of the source; returns the last one's value, or null when it has none. */
    public Value eval(SourceText source) {
        cellSources.add(source);
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

    /**
     * Notes each declaration the cell left unusable and still in place when it ended: one replaced later in the
     * cell (its new version is what counts) or completed by a later snippet is fine and says nothing.
     */
    public void finishCell(PrintStream notes) {
        control.clearResults();
        for (DeclarationSnippet declaration : unusable) {
            Snippet.Status status = shell.status(declaration);
            if (status.isActive() && status != Snippet.Status.VALID) {
                List<String> missing = shell.unresolvedDependencies(declaration).toList();
                notes.println("note: " + describe(declaration) + from(declaration) + (missing.isEmpty()
                        ? " no longer compiles" + reason(declaration) + " and cannot be used"
                        : " cannot be used until " + String.join(", ", missing) + " is declared"));
            }
        }
        unusable.clear();
    }

    /** " from cell [3]" for a declaration of an earlier cell; nothing for the running cell's own. */
    private String from(DeclarationSnippet declaration) {
        Origin origin = origins.get(declaration.id());
        return origin == null || cellSources.contains(origin.source()) ? "" : " from " + origin.source().name();
    }

    /** What javac says about a declaration that no longer compiles, in parentheses; nothing when it says nothing. */
    private String reason(DeclarationSnippet declaration) {
        return shell.diagnostics(declaration).map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                .filter(message -> !message.isBlank()).findFirst().map(message -> " (" + message + ")").orElse("");
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
                // An earlier snippet that this one touched: replaced (OVERWRITTEN, as on every re-run) is fine;
                // one it made unusable is noted if it still is when the cell ends.
                if (event.previousStatus() == Snippet.Status.VALID && isUnusable(event.status())
                        && snippet instanceof DeclarationSnippet declaration) {
                    unusable.add(declaration);
                }
                continue;
            }
            origins.put(snippet.id(), new Origin(source, SourceText.firstCodeOffset(source.text(), offset)));
            if (event.status() == Snippet.Status.REJECTED) {
                throw ErrorReports.compileError(shell.diagnostics(snippet).toList(), source, offset);
            }
            if (event.exception() != null) {
                throw ErrorReports.exception(event.exception(), control.takeFailure(), shell, this::where);
            }
            if (isUnusable(event.status()) && snippet instanceof DeclarationSnippet declaration) {
                unusable.add(declaration);
            }
            if (hasValue(snippet)) {
                value = new Value(control.takeResult(event.value()));
            }
        }
        return value;
    }

    /** Declared, but cannot be used until something it depends on is declared (or compiles again). */
    private static boolean isUnusable(Snippet.Status status) {
        return status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED;
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
