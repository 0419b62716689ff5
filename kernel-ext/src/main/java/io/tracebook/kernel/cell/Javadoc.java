package io.tracebook.kernel.cell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Javadoc source as plain text for a tooltip: inline tags unwrapped, HTML tags dropped. */
final class Javadoc {

    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(code|literal|link|linkplain|value)\\s+([^}]*)}");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)\\s*<p>\\s*");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");

    private Javadoc() {
    }

    static String plain(String javadoc) {
        Matcher inline = INLINE_TAG.matcher(javadoc);
        StringBuilder text = new StringBuilder();
        while (inline.find()) {
            String content = inline.group(2).strip();
            String replacement = inline.group(1).startsWith("link") ? linkLabel(content) : content;
            inline.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        inline.appendTail(text);
        String result = PARAGRAPH.matcher(text).replaceAll("\n\n");
        result = HTML_TAG.matcher(result).replaceAll("");
        return result.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&amp;", "&").strip();
    }

    /** "{@link Foo#bar(int, int) the bar method}" reads as its label; without one, as "Foo.bar(int, int)". */
    private static String linkLabel(String content) {
        int depth = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && Character.isWhitespace(c)) {
                return content.substring(i + 1).strip();
            }
        }
        return content.startsWith("#") ? content.substring(1) : content.replace('#', '.');
    }
}
