package io.tracebook.kernel.cell;

import java.util.regex.Pattern;

/** Removes the names of JShell's wrapper classes ({@code REPL.$JShell$18.}) from text shown to the user. */
public final class ReplNames {

    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*[$.]");

    private ReplNames() {
    }

    public static String expunge(String text) {
        return text == null ? null : WRAPPER.matcher(text).replaceAll("");
    }
}
