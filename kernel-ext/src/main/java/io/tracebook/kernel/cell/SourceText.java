package io.tracebook.kernel.cell;

/**
 * Java code and where it came from, to report errors by the user's own line numbers.
 *
 * @param name      how to name the origin in messages: "cell [5]" or a file name
 * @param text      the code
 * @param firstLine the line number of the text's first line in that origin
 */
public record SourceText(String name, String text, int firstLine) {

    int lineAt(int offset) {
        int line = firstLine;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    int columnAt(int offset) {
        return offset - lineStart(offset);
    }

    String lineTextAt(int offset) {
        int start = lineStart(offset);
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private int lineStart(int offset) {
        return text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
    }

    /** Where the first token after whitespace and comments starts: JShell counts a snippet's lines from there. */
    static int firstCodeOffset(String code, int from) {
        int i = from;
        while (i < code.length()) {
            if (Character.isWhitespace(code.charAt(i))) {
                i++;
            } else if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? code.length() : end + 1;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
