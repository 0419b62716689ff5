package io.tracebook.kernel.cell;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell split into what runs in order: Java code and line magics ({@code %name args} on a line of
 * their own), or one cell magic ({@code %%name args} on the first line, the rest of the cell its body).
 */
public final class CellParts {

    public sealed interface Part permits Java, LineMagic, CellMagic {
    }

    public record Java(SourceText source) implements Part {
    }

    /** {@code args} split into words (quotes removed); {@code text} the same as written after the name. */
    public record LineMagic(String name, List<String> args, String text, int line) implements Part {
    }

    /** A cell magic; its body starts with a blank line for each line above it, so that its line numbers are the cell's. */
    public record CellMagic(String name, List<String> args, String body) implements Part {
    }

    private CellParts() {
    }

    public static List<Part> parse(String cell, String sourceName) {
        List<String> lines = cell.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first < lines.size() && lines.get(first).stripLeading().startsWith("%%")) {
            List<String> words = words(lines.get(first).stripLeading().substring(2));
            String body = "\n".repeat(first + 1) + String.join("\n", lines.subList(first + 1, lines.size()));
            return List.of(new CellMagic(words.isEmpty() ? "" : words.getFirst(), tail(words), body));
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isLineMagic(line)) {
                if (!java.toString().isBlank()) {
                    parts.add(new Java(new SourceText(sourceName, java.toString(), javaStart)));
                }
                java.setLength(0);
                javaStart = i + 2;
                String magic = line.stripLeading().substring(1);
                List<String> words = words(magic);
                String text = magic.substring(magic.indexOf(words.getFirst()) + words.getFirst().length()).strip();
                parts.add(new LineMagic(words.getFirst(), tail(words), text, i + 1));
            } else {
                java.append(line).append('\n');
            }
        }
        if (!java.toString().isBlank()) {
            parts.add(new Java(new SourceText(sourceName, java.toString(), javaStart)));
        }
        return parts;
    }

    /** The cell with magic lines blanked out, same length, for source analysis of the Java around them. */
    static String javaOnly(String cell) {
        StringBuilder result = new StringBuilder(cell.length());
        int start = 0;
        while (start <= cell.length()) {
            int end = cell.indexOf('\n', start);
            String line = cell.substring(start, end < 0 ? cell.length() : end);
            result.append(line.stripLeading().startsWith("%") ? " ".repeat(line.length()) : line);
            if (end < 0) {
                break;
            }
            result.append('\n');
            start = end + 1;
        }
        return result.toString();
    }

    private static boolean isLineMagic(String line) {
        String stripped = line.stripLeading();
        return stripped.length() > 1 && stripped.charAt(0) == '%' && Character.isLetter(stripped.charAt(1));
    }

    private static List<String> tail(List<String> words) {
        return words.isEmpty() ? List.of() : words.subList(1, words.size());
    }

    /** Splits on blanks; single or double quotes keep blanks inside an argument. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
