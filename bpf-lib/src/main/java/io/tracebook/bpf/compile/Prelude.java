package io.tracebook.bpf.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a source gets in front of it. The prelude is injected with clang's {@code -include-pch} /
 * {@code -include}, never pasted into the text, so diagnostics and BTF line info keep the user's
 * own line numbers.
 */
enum Prelude {
    /** The source includes vmlinux.h itself and so brings everything it needs. */
    NONE,
    /** The prelude, but the source defines its own license section. */
    HEADERS,
    /** The prelude and a GPL license section. */
    HEADERS_AND_LICENSE;

    /**
     * Only blanks within the line ({@code [ \t]}, not {@code \s}): with {@code \s} every line start would scan
     * all the blank lines after it, quadratic in a source of many blank lines (32 k of them took 2.4 s).
     */
    private static final Pattern INCLUDES_VMLINUX =
            Pattern.compile("^[ \\t]*#[ \\t]*include[ \\t]*[<\"]([^\">\\n]*/)?vmlinux\\.h[\">]", Pattern.MULTILINE);
    private static final Pattern DEFINES_LICENSE =
            Pattern.compile("\\b(SEC|section)\\s*\\(\\s*\"license\"\\s*\\)");

    static Prelude of(String source) {
        if (INCLUDES_VMLINUX.matcher(source).find()) {
            return NONE;
        }
        return DEFINES_LICENSE.matcher(source).find() ? HEADERS : HEADERS_AND_LICENSE;
    }

    boolean needsPrecompiledHeader() {
        return this != NONE;
    }

    /** The prelude from {@code precompiledPrelude}, or parsed from the headers when that is null. */
    List<String> clangArgs(PreludeHeaders headers, Path precompiledPrelude) {
        List<String> prelude = precompiledPrelude == null
                ? List.of("-include", headers.prelude().toString())
                : List.of("-include-pch", precompiledPrelude.toString());
        return switch (this) {
            case NONE -> List.of();
            case HEADERS -> prelude;
            case HEADERS_AND_LICENSE -> Stream.concat(prelude.stream(),
                    Stream.of("-include", headers.license().toString())).toList();
        };
    }
}
