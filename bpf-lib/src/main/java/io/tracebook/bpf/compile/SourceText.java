package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a source must be before clang sees it: text of a sane size, without NUL characters or broken
 * characters. Each refusal names the line and column, so the user fixes the source, not the cache.
 */
final class SourceText {
    /**
     * 4 MiB: the biggest libbpf-tools program (klockstat.bpf.c) is 23 KB, so this leaves room for generated
     * code while refusing what would only fill the cache and clang's memory.
     */
    static final int MAX_BYTES = 4 << 20;

    private SourceText() {
    }

    /** Refuses a snippet that is too large, has a NUL character or a lone UTF-16 surrogate (half a character). */
    static void check(String source, String name) {
        if (source.length() > MAX_BYTES) throw tooLarge(name, source.length());
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == 0) {
                throw refused(name + " has a NUL character at line " + line + ", column " + (i - lineStart + 1)
                        + " (pasted binary data?); remove it");
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < source.length()
                        && Character.isLowSurrogate(source.charAt(i + 1));
                if (!paired) {
                    throw refused(name + " has a broken character at line " + line + ", column " + (i - lineStart + 1)
                            + ": half of a UTF-16 surrogate pair (\\u" + Integer.toHexString(c).toUpperCase()
                            + "), which no encoding can write; delete or retype it");
                }
                i++;
            }
        }
    }

    /** Reads a .bpf.c file, which must be UTF-8 text (or ASCII) and no larger than {@link #MAX_BYTES}. */
    static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw tooLarge(file.toString(), size);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        if (utf8.decode(in, out, true).isError()) throw notUtf8(file, bytes, in.position());
        utf8.flush(out);
        String text = out.flip().toString();
        check(text, file.toString());
        return text;
    }

    private static CompileException notUtf8(Path file, byte[] bytes, int bad) {
        int line = 1;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') line++;
        }
        return refused(file + " is not UTF-8 text: line " + line + " has the byte 0x" + "%02X".formatted(bytes[bad] & 0xff)
                + ", which UTF-8 does not allow there (Latin-1?); save the file as UTF-8");
    }

    private static CompileException tooLarge(String name, long size) {
        return refused(name + " is " + size / 1024 + " KiB; Tracebook compiles sources of up to " + MAX_BYTES / 1024 / 1024
                + " MiB (a BPF program is at most a million instructions); split it or generate less");
    }

    private static CompileException refused(String message) {
        return new CompileException(message, List.of(), "");
    }
}
