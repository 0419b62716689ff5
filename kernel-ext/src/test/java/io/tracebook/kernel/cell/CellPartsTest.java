package io.tracebook.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPartsTest {

    @Test
    void javaAndLineMagicsKeepTheirOrderAndLineNumbers() {
        List<CellParts.Part> parts = CellParts.parse("int a = 1;\n%classpath lib/*.jar 'my dir/x.jar'\nint b = a;\n", "cell [3]");
        assertEquals(List.of(
                new CellParts.Java(new SourceText("cell [3]", "int a = 1;\n", 1)),
                new CellParts.LineMagic("classpath", List.of("lib/*.jar", "my dir/x.jar"), "lib/*.jar 'my dir/x.jar'", 2),
                new CellParts.Java(new SourceText("cell [3]", "int b = a;\n", 3))), parts);
    }

    @Test
    void aCellMagicTakesTheRestOfTheCellKeepingItsLineNumbers() {
        assertEquals(List.of(new CellParts.CellMagic("bpf", List.of("counts"), "\n\nSEC(\"tp\") int f() {\n  return 0;\n}")),
                CellParts.parse("\n%%bpf counts\nSEC(\"tp\") int f() {\n  return 0;\n}", "cell [1]"));
    }

    @Test
    void moduloAtTheStartOfALineIsNotAMagic() {
        assertEquals(1, CellParts.parse("int r = 7\n  % 3;", "cell [1]").size());
    }

    @Test
    void javaOnlyBlanksMagicLinesAndKeepsOffsets() {
        String cell = "%maven a:b:1\nMath.ab";
        String java = CellParts.javaOnly(cell);
        assertEquals(cell.length(), java.length());
        assertEquals("            \nMath.ab", java);
    }
}
