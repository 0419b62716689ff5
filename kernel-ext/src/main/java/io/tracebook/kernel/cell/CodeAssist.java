package io.tracebook.kernel.cell;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Tab completion, Shift-Tab documentation and "is this cell complete?" from JShell's source analysis. */
public final class CodeAssist {

    private static final int SUMMARY_LINES = 12;

    private final SourceCodeAnalysis analysis;
    private final Supplier<Set<String>> lineMagics;
    private final Supplier<Set<String>> cellMagics;

    public CodeAssist(SourceCodeAnalysis analysis, Supplier<Set<String>> lineMagics, Supplier<Set<String>> cellMagics) {
        this.analysis = analysis;
        this.lineMagics = lineMagics;
        this.cellMagics = cellMagics;
    }

    public ReplacementOptions complete(String cell, int cursor) {
        int lineStart = cell.lastIndexOf('\n', cursor - 1) + 1;
        String typed = cell.substring(lineStart, cursor);
        if (typed.stripLeading().startsWith("%")) {
            return completeMagic(typed.stripLeading(), cursor);
        }
        // JShell reads the snippets before the cursor too, so a variable declared earlier in the cell completes.
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.completionSuggestions(CellParts.javaOnly(cell), cursor, anchor);
        List<String> options = suggestions.stream()
                .sorted(Comparator.comparing((Suggestion s) -> !s.matchesType()))
                .map(Suggestion::continuation)
                .distinct()
                .toList();
        return new ReplacementOptions(options, anchor[0], cursor);
    }

    private ReplacementOptions completeMagic(String typed, int cursor) {
        boolean cellMagic = typed.startsWith("%%");
        String prefix = typed.substring(cellMagic ? 2 : 1);
        if (!prefix.chars().allMatch(Character::isJavaIdentifierPart)) {
            return new ReplacementOptions(List.of(), cursor, cursor);
        }
        List<String> names = (cellMagic ? cellMagics : lineMagics).get().stream()
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .toList();
        return new ReplacementOptions(names, cursor - prefix.length(), cursor);
    }

    /** Signature and javadoc of what is under the cursor: a summary, or all of it when {@code detailed}. */
    public DisplayData inspect(String cell, int cursor, boolean detailed) {
        String code = CellParts.javaOnly(cell);
        int at = endOfIdentifier(code, cursor);
        List<Documentation> docs = analysis.documentation(code, at, true);
        if (docs.isEmpty() && (at == code.length() || code.charAt(at - 1) != '(')) {
            // "Math.max" names a method only once a call starts: ask as if it did.
            docs = analysis.documentation(code.substring(0, at) + "(", at + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        String text = docs.stream()
                .map(doc -> doc.javadoc() == null || doc.javadoc().isBlank()
                        ? doc.signature()
                        : doc.signature() + "\n" + indent(detailed ? Javadoc.plain(doc.javadoc()) : summary(Javadoc.plain(doc.javadoc()))))
                .collect(Collectors.joining("\n\n"));
        return new DisplayData(text);
    }

    /** The cursor moved past the identifier it is in, and into a following '(' so that methods show their signature. */
    private static int endOfIdentifier(String code, int cursor) {
        int at = Math.min(cursor, code.length());
        while (at < code.length() && Character.isJavaIdentifierPart(code.charAt(at))) {
            at++;
        }
        int next = at;
        while (next < code.length() && Character.isWhitespace(code.charAt(next))) {
            next++;
        }
        return next < code.length() && code.charAt(next) == '(' ? next + 1 : at;
    }

    private static String summary(String javadoc) {
        List<String> lines = javadoc.lines().toList();
        return lines.size() <= SUMMARY_LINES ? javadoc
                : String.join("\n", lines.subList(0, SUMMARY_LINES)) + "\n... (Shift-Tab again for all of it)";
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }

    /** One of {@link BaseKernel}'s IS_COMPLETE answers, or the indent for the next line when the code is unfinished. */
    public String isComplete(String cell) {
        if (cell.stripLeading().startsWith("%%")) {
            return BaseKernel.IS_COMPLETE_YES;
        }
        String remaining = CellParts.javaOnly(cell);
        while (SourceText.firstCodeOffset(remaining, 0) < remaining.length()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.UNKNOWN) {
                return BaseKernel.IS_COMPLETE_BAD;
            }
            if (info.source() == null) {
                return info.completeness() == Completeness.DEFINITELY_INCOMPLETE ? indentAfter(cell) : BaseKernel.IS_COMPLETE_YES;
            }
            remaining = info.remaining();
        }
        return BaseKernel.IS_COMPLETE_YES;
    }

    private static String indentAfter(String cell) {
        String lastLine = cell.lines().reduce((a, b) -> b).orElse("");
        String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
        return lastLine.strip().endsWith("{") ? indent + "    " : indent;
    }
}
