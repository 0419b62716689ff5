package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An SVG image the library drew (a flame graph, a chart). A notebook shows it as the image; in
 * jshell it prints as a one-line summary, and {@link #save(Path)} writes the file to open in a
 * browser, where hovering a flame graph's box names it.
 *
 * @param markup      the SVG document, starting at its {@code <svg>} element (no XML declaration,
 *                    so that it can be put inline in HTML as it is)
 * @param width       in pixels
 * @param height      in pixels
 * @param description what it shows, for {@link #toString()}: {@code flame graph "CPU profile", 1523 samples}
 */
public record Svg(String markup, int width, int height, String description) {

    public Svg {
        Objects.requireNonNull(markup, "markup");
        Objects.requireNonNull(description, "description");
        if (!markup.startsWith("<svg")) {
            throw new BpfException("SVG markup must start at its <svg> element: HTML cannot embed an XML declaration or"
                    + " DOCTYPE, so leave them out (a file does not need them); it starts with: " + markup.substring(0, Math.min(40, markup.length())));
        }
    }

    /** Writes the SVG to {@code file} (UTF-8) and returns the file's absolute path, to open in a browser. */
    public Path save(Path file) {
        try {
            return Files.writeString(file, markup, StandardCharsets.UTF_8).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SVG to " + file + ": " + e.getMessage()
                    + "; check that the directory exists and is writable", e);
        }
    }

    /** Short, as jshell cuts a longer value in the middle: {@code SVG 1200x146 flame graph "CPU profile", 1523 samples; .save(path) for a browser}. */
    @Override
    public String toString() {
        return "SVG " + width + "x" + height + " " + description + "; .save(path) for a browser";
    }
}
