package io.tracebook.kernel.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/** Turns javac diagnostics and exceptions thrown by cell code into short tracebacks that point at the user's lines. */
final class ErrorReports {

    /** Finds where a snippet's line is in the user's sources: "line 3 of cell [5]", or null when unknown. */
    interface Locator {
        String where(String snippetId, int lineInSnippet);
    }

    private static final int MAX_DIAGNOSTICS = 5;
    private static final int LIBRARY_FRAMES_SHOWN = 3;

    private ErrorReports() {
    }

    static CellError.CompileError compileError(List<Diag> diagnostics, SourceText source, int snippetOffset) {
        List<String> traceback = new ArrayList<>();
        String summary = null;
        for (Diag diag : diagnostics.stream().filter(Diag::isError).limit(MAX_DIAGNOSTICS).toList()) {
            long start = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            long end = Math.max(diag.getEndPosition(), start);
            int from = snippetOffset + (int) Math.max(start, 0);
            int to = snippetOffset + (int) end;
            String message = message(diag);
            String where = "line " + source.lineAt(from) + " of " + source.name();
            summary = summary == null ? where + ": " + message.lines().findFirst().orElse("") : summary;
            traceback.add(Ansi.red("Compile error") + " in " + where + ": " + message.lines().findFirst().orElse(""));
            message.lines().skip(1).forEach(detail -> traceback.add("  " + detail.strip()));
            traceback.add("    " + source.lineTextAt(from));
            traceback.add("    " + caret(source, from, to));
        }
        if (summary == null) {
            summary = "the code does not compile";
            traceback.add(Ansi.red("Compile error") + " in " + source.name());
        }
        return new CellError.CompileError(summary, traceback);
    }

    private static String message(Diag diag) {
        // JShell compiles cells inside a nameless wrapper class; "location: class " names nothing useful.
        return diag.getMessage(Locale.ROOT).lines()
                .filter(line -> !line.strip().equals("location: class"))
                .collect(Collectors.joining("\n"));
    }

    private static String caret(SourceText source, int from, int to) {
        int column = source.columnAt(from);
        int width = source.lineAt(to) == source.lineAt(from) ? Math.max(1, to - from) : 1;
        String marker = width == 1 ? "^" : "^" + "-".repeat(width - 2) + "^";
        String line = source.lineTextAt(from);
        StringBuilder indent = new StringBuilder();
        for (int i = 0; i < column && i < line.length(); i++) {
            indent.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return indent + marker;
    }

    static CellError.CellException exception(JShellException thrown, Throwable original, JShell shell, Locator locator) {
        List<String> traceback = new ArrayList<>();
        String summary = describe(thrown, shell);
        boolean first = true;
        for (Throwable t = thrown; t instanceof JShellException e; t = e.getCause()) {
            traceback.add((first ? "" : "Caused by: ") + Ansi.red(describe(e, shell)));
            traceback.addAll(frames(e.getStackTrace(), locator));
            first = false;
        }
        return new CellError.CellException(summary, traceback, original);
    }

    private static String describe(JShellException e, JShell shell) {
        if (e instanceof EvalException eval) {
            String message = eval.getMessage();
            return eval.getExceptionClassName() + (message == null ? "" : ": " + ReplNames.expunge(message));
        }
        if (e instanceof UnresolvedReferenceException unresolved) {
            return unresolved.getSnippet().source().lines().findFirst().orElse("a declaration").strip()
                    + " cannot run until " + String.join(", ", shell.unresolvedDependencies(unresolved.getSnippet()).toList())
                    + " is declared";
        }
        return e.toString();
    }

    /** The user's frames by cell and line; library frames between them shortened to the first few. */
    private static List<String> frames(StackTraceElement[] stack, Locator locator) {
        List<String> lines = new ArrayList<>();
        int libraryRun = 0;
        for (StackTraceElement frame : stack) {
            String where = isSnippetFrame(frame) ? locator.where(frame.getFileName().substring(1), frame.getLineNumber()) : null;
            if (where == null && isSnippetFrame(frame)) {
                where = "line " + frame.getLineNumber() + " of snippet " + frame.getFileName();
            }
            if (where != null) {
                if (libraryRun > LIBRARY_FRAMES_SHOWN) {
                    lines.add("    ... " + (libraryRun - LIBRARY_FRAMES_SHOWN) + " more");
                }
                libraryRun = 0;
                String code = codeName(frame);
                lines.add("    at " + (code.isEmpty() ? where : code + " (" + where + ")"));
            } else if (++libraryRun <= LIBRARY_FRAMES_SHOWN) {
                lines.add("    at " + frame);
            }
        }
        if (libraryRun > LIBRARY_FRAMES_SHOWN) {
            lines.add("    ... " + (libraryRun - LIBRARY_FRAMES_SHOWN) + " more");
        }
        return lines;
    }

    private static boolean isSnippetFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        return file != null && file.startsWith("#");
    }

    /** "Box.div", "f", or "" for a cell's top-level code and its lambdas. */
    private static String codeName(StackTraceElement frame) {
        String method = frame.getMethodName().startsWith("lambda$") ? "" : frame.getMethodName();
        String type = frame.getClassName();
        if (type.isEmpty()) {
            return method;
        }
        return method.isEmpty() ? type : type + "." + method;
    }
}
