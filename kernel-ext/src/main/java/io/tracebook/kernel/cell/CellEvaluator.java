package io.tracebook.kernel.cell;

import io.tracebook.kernel.exec.CellExecutionControl;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;

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
    private final Function<Throwable, String> userMessage;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    /** Declarations this cell left unusable, its own or earlier ones it broke; checked again when the cell ends. */
    private final Set<DeclarationSnippet> unusable = new LinkedHashSet<>();
    /** The sources this cell ran (its Java between magic lines, files it loaded): where its own declarations come from. */
    private final Set<SourceText> cellSources = new HashSet<>();
    private volatile boolean interrupted;

    /**
     * @param userMessage gives the message of an exception whose message is written for the user (a BPF error) as
     *                    the notebook shows it, with the user's frames alone; null for any other exception
     */
    public CellEvaluator(JShell shell, CellExecutionControl control, Function<Throwable, String> userMessage) {
        this.shell = shell;
        this.control = control;
        this.userMessage = userMessage;
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
        throwIfStopped();
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
                throw ErrorReports.exception(event.exception(), control.takeFailure(), shell, this::where, userMessage);
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

    private void throwIfStopped() {
        switch (control.takeStopOutcome()) {
            case STOPPED -> throw new CellError.Interrupted("the cell was stopped at your request");
            case ABANDONED -> throw new CellError.Interrupted("the cell did not stop within a few seconds "
                    + "(it ignores interrupts and runs no loop of its own), so the kernel moved on; "
                    + "its thread keeps running in the background");
            case NOT_STOPPED -> { }
        }
    }

    /**
     * Runs a magic's work for the running cell where the cell's code runs (see {@link CellExecutionControl#call}),
     * so that the stop button stops it as it stops the cell's code. What the work throws comes out as it was thrown.
     */
    public <T> T call(Supplier<T> work) {
        if (interrupted) {
            throw new CellError.Interrupted("stopped before the cell's magic ran");
        }
        try {
            return control.call(work::get);
        } catch (InvocationTargetException e) {
            throw rethrown(e.getCause());
        } catch (ExecutionControl.StoppedException e) {
            throwIfStopped();
            throw new CellError.Interrupted("the cell was stopped at your request");
        } catch (Exception e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(thrown);
    }

    /**
     * Gives the session's variable {@code name}, of {@code type}, the value {@code value}: assigned in place when the
     * session has such a variable (nothing is compiled, see {@link CellExecutionControl#assign}), declared otherwise.
     */
    public void bind(String name, Class<?> type, Object value) {
        String typeName = type.getCanonicalName();
        VarSnippet variable = shell.variables()
                .filter(v -> v.name().equals(name) && v.typeName().equals(typeName) && shell.status(v) == Snippet.Status.VALID)
                .findFirst()
                .orElseGet(() -> declare(typeName + " " + name + " = null;"));
        control.assign(shell, variable, value);
    }

    private VarSnippet declare(String declaration) {
        for (SnippetEvent event : shell.eval(declaration)) {
            if (event.causeSnippet() == null && event.snippet() instanceof VarSnippet variable && event.status() == Snippet.Status.VALID) {
                return variable;
            }
        }
        throw new IllegalStateException("the kernel could not declare " + declaration + " " + shell.diagnostics(
                shell.snippets().reduce((a, b) -> b).orElseThrow()).map(d -> d.getMessage(Locale.ROOT)).toList());
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
