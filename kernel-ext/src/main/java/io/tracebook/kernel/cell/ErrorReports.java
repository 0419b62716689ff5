package io.tracebook.kernel.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns javac diagnostics and exceptions thrown by cell code into short tracebacks that point at the user's lines:
 * no frames of the kernel, JShell or reflection, and of a library only the method the user's code called.
 */
final class ErrorReports {

    /** Finds where a snippet's line is in the user's sources: "line 3 of cell [5]", or null when unknown. */
    interface Locator {
        String where(String snippetId, int lineInSnippet);
    }

    private static final int MAX_DIAGNOSTICS = 5;

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

    /**
     * The report of an exception the cell's code threw: class, message and causes, each with the user's frames (by
     * cell and line) and, where it came out of library code, the library method the user's code called. An
     * exception for which {@code userMessage} gives a message is one whose message is written for the user (a BPF
     * error says what happened and what to do): it is shown as that message with the user's frames alone.
     */
    static CellError.CellException exception(JShellException thrown, Throwable original, JShell shell, Locator locator,
                                             Function<Throwable, String> userMessage) {
        String explained = original == null ? null : userMessage.apply(original);
        List<String> traceback = new ArrayList<>();
        boolean first = true;
        for (Throwable t = thrown; t instanceof JShellException e; t = e.getCause()) {
            String description = describe(e, shell);
            if (first && explained != null) {
                traceback.addAll(headline(original.getClass().getSimpleName(), explained));
            } else {
                traceback.add((first ? "" : "Caused by: ") + Ansi.red(description));
            }
            traceback.addAll(frames(e.getStackTrace(), locator, !first || explained == null));
            first = false;
        }
        return new CellError.CellException(describe(thrown, shell), traceback, original, null);
    }

    /**
     * The report of a user-facing exception (see {@link #exception}) that a cell magic threw: its message as the
     * notebook words it, naming the cell, since no frame of the user's points at the magic's code.
     */
    static CellError.CellException magicException(Throwable thrown, String message, String cell) {
        String name = thrown.getClass().getSimpleName() + " in " + cell;
        return new CellError.CellException(thrown.getClass().getName() + ": " + thrown.getMessage(), headline(name, message), thrown, cell);
    }

    /** "Name: message" in red, the message's further lines below it as they are. */
    private static List<String> headline(String name, String message) {
        List<String> lines = new ArrayList<>();
        List<String> text = message == null ? List.of() : message.lines().toList();
        lines.add(Ansi.red(name + ":") + (text.isEmpty() ? "" : " " + text.getFirst()));
        lines.addAll(text.subList(Math.min(1, text.size()), text.size()));
        return lines;
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

    /**
     * The user's frames by cell and line, innermost first; with {@code calledFrame}, above them the library method the
     * user's code called, when the exception came out of one.
     */
    private static List<String> frames(StackTraceElement[] stack, Locator locator, boolean calledFrame) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement frame = stack[i];
            if (!isSnippetFrame(frame)) {
                continue;
            }
            if (lines.isEmpty() && i > 0 && calledFrame) {
                lines.add("    in " + stack[i - 1]);
            }
            String where = locator.where(frame.getFileName().substring(1), frame.getLineNumber());
            if (where == null) {
                where = "line " + frame.getLineNumber() + " of snippet " + frame.getFileName();
            }
            String code = codeName(frame);
            String line = "    at " + (code.isEmpty() ? where : code + " (" + where + ")");
            if (lines.isEmpty() || !lines.getLast().equals(line)) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static boolean isSnippetFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        return file != null && file.startsWith("#");
    }

    /** "Box.div", "f", or "" for a cell's top-level code (JShell's do_it$ methods) and its lambdas. */
    private static String codeName(StackTraceElement frame) {
        String name = frame.getMethodName();
        String method = name.startsWith("lambda$") || name.startsWith("do_it$") ? "" : name;
        String type = frame.getClassName();
        if (type.isEmpty()) {
            return method;
        }
        return method.isEmpty() ? type : type + "." + method;
    }
}
