package io.tracebook.bpf.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Explains the classic prelude trap: vmlinux.h defines thousands of kernel names, so a user's
 * {@code struct key} or {@code struct event} may already exist. Clang only says "redefinition of
 * 'key'"; the note pointing into a header tells us which definition was there first.
 */
final class RedefinitionHint {
    private static final Pattern PREVIOUS = Pattern.compile("previous (definition|declaration) is here");
    private static final Pattern QUOTED = Pattern.compile("'([A-Za-z_]\\w*)'");
    private static final Pattern TAGGED = Pattern.compile("^\\s*(struct|union|enum)\\s+([A-Za-z_]\\w*)");
    private static final Pattern TYPEDEF = Pattern.compile("^\\s*typedef\\b.*?([A-Za-z_]\\w*)\\s*(\\[[^]]*])?\\s*;");

    private RedefinitionHint() {
    }

    /** "vmlinux.h already defines struct key; rename yours", when {@code error} is such a clash. */
    static Optional<String> explain(ClangDiagnostic error, String userFile) {
        for (ClangDiagnostic note : error.notes()) {
            if (PREVIOUS.matcher(note.message()).find() && !note.file().equals(userFile)) {
                Path header = Path.of(note.file());
                return Optional.of(header.getFileName() + " already defines "
                        + what(error.message(), lineOf(header, note.line())) + "; rename yours");
            }
        }
        return Optional.empty();
    }

    private static String what(String message, String headerLine) {
        Matcher tagged = TAGGED.matcher(headerLine);
        if (tagged.find()) {
            return tagged.group(1) + " " + tagged.group(2);
        }
        Matcher typedef = TYPEDEF.matcher(headerLine);
        if (typedef.find()) {
            return "typedef " + typedef.group(1);
        }
        Matcher quoted = QUOTED.matcher(message);
        return quoted.find() ? quoted.group(1) : "that name";
    }

    private static String lineOf(Path file, int line) {
        if (!Files.isRegularFile(file)) return ""; // a device would be read forever
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(Math.max(0, line - 1)).findFirst().orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
