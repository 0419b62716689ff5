package io.tracebook.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tracebook.kernel.exec.CellExecutionProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notes a cell earns when it leaves declarations unusable, on a real JShell running cells as the kernel does. */
class CellEvaluatorTest {

    private final CellExecutionProvider provider = new CellExecutionProvider();
    private final JShell shell = JShell.builder().executionEngine(provider, Map.of()).build();
    private final CellEvaluator evaluator = new CellEvaluator(shell, provider.control(), thrown -> null);
    private int cells;

    @AfterEach
    void close() {
        shell.close();
    }

    /** Runs a cell as the kernel does and returns the notes it printed. */
    private String run(String code) {
        evaluator.startCell();
        evaluator.eval(new SourceText("cell [" + ++cells + "]", code, 1));
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        evaluator.finishCell(new PrintStream(notes, true, StandardCharsets.UTF_8));
        return notes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rerunningACellThatImportsAndDeclaresNotesNothing() {
        String cell = "import java.util.concurrent.*;\nint sizeOfNew() { return new ConcurrentHashMap<String, String>().size(); }\nsizeOfNew()";
        assertEquals("", run(cell));
        assertEquals("", run(cell), "the method is replaced by its new version, not broken");
    }

    @Test
    void redeclaringAVariableNotesNothing() {
        assertEquals("", run("int x = 3;"));
        assertEquals("", run("int x = 4;"));
        assertEquals("", run("String x = \"now text\";"));
    }

    @Test
    void redeclaringAMethodAndItsCallersInOneCellNotesNothing() {
        assertEquals("", run("int base() { return 1; }\nint twice() { return 2 * base(); }"));
        assertEquals("", run("long base() { return 1; }\nlong twice() { return 2 * base(); }"),
                "twice() breaks when base() changes type, and is declared anew right after");
    }

    @Test
    void aForwardReferenceCompletedLaterInTheCellNotesNothing() {
        assertEquals("", run("int first() { return second(); }\nint second() { return 2; }"));
    }

    @Test
    void aDeclarationStillWaitingWhenTheCellEndsIsNoted() {
        assertEquals("note: type Waiting cannot be used until class Missing is declared\n", run("class Waiting { Missing m; }"));
    }

    @Test
    void aDeclarationOfAnEarlierCellThatACellBreaksIsNotedWithItsCell() {
        run("int base() { return 1; }");
        run("int twice() { return 2 * base(); }");
        assertEquals("note: method twice from cell [2] no longer compiles (incompatible types: possible lossy conversion from "
                + "long to int) and cannot be used\n", run("long base() { return 1; }"));
    }

    @Test
    void bindDeclaresAVariableThenAssignsItInPlace() {
        StringBuilder first = new StringBuilder("first");
        StringBuilder second = new StringBuilder("second");
        evaluator.bind("bound", StringBuilder.class, first);
        assertSame(first, value("bound"));
        long declarations = shell.snippets().count();
        evaluator.bind("bound", StringBuilder.class, second);
        assertSame(second, value("bound"));
        assertEquals(declarations + 1, shell.snippets().count(), "the second bind compiled nothing (one snippet: the read)");
    }

    private Object value(String expression) {
        evaluator.startCell();
        return evaluator.eval(new SourceText("cell [" + ++cells + "]", expression, 1)).object();
    }
}
