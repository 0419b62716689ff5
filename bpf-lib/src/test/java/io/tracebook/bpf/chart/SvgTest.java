package io.tracebook.bpf.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvgTest {
    private static final String MARKUP = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>\n";

    @Test
    void savesTheMarkupAndReturnsTheAbsolutePathToOpen(@TempDir Path dir) throws Exception {
        Svg svg = new Svg(MARKUP, 20, 10, "a square");
        Path saved = svg.save(dir.resolve("square.svg"));
        assertTrue(saved.isAbsolute(), saved.toString());
        assertEquals(MARKUP, Files.readString(saved));
    }

    @Test
    void aFileThatCannotBeWrittenSaysWhere(@TempDir Path dir) {
        Path nowhere = dir.resolve("no/such/dir/square.svg");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Svg(MARKUP, 20, 10, "a square").save(nowhere));
        assertTrue(e.getMessage().startsWith("could not write the SVG to " + nowhere + ": "), e.getMessage());
    }

    @Test
    void markupWithAnXmlDeclarationIsRefusedBecauseHtmlCannotEmbedIt() {
        BpfException e = assertThrows(BpfException.class,
                () -> new Svg("<?xml version=\"1.0\"?>\n" + MARKUP, 20, 10, "a square"));
        assertTrue(e.getMessage().contains("leave them out"), e.getMessage());
    }

    @Test
    void printsItsSizeWhatItShowsAndHowToSeeIt() {
        assertEquals("SVG 20x10 a square; .save(path) for a browser", new Svg(MARKUP, 20, 10, "a square").toString());
    }
}
