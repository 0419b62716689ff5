package io.tracebook.bpf.ffi;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typedefs and function declarations of one header, read from clang's text AST dump
 * ({@code -Xclang -ast-dump}). A declaration line reads
 * {@code FunctionDecl 0x.. <range> <loc> [prev 0x..] [implicit] [used] NAME 'TYPE'[:'DESUGARED'] extern}.
 */
final class AstDump {
    private static final Pattern TYPEDEF = Pattern.compile("TypedefDecl [^']*? (\\w+) '([^']*)'(?::'([^']*)')?");
    private static final Pattern FUNCTION = Pattern.compile("FunctionDecl ([^']*?) (\\w+) '([^']*)'");

    private final Map<String, String> typedefs;
    private final Map<String, Set<String>> functionTypes;

    private AstDump(Map<String, String> typedefs, Map<String, Set<String>> functionTypes) {
        this.typedefs = typedefs;
        this.functionTypes = functionTypes;
    }

    /** Dumps the AST of a file that includes just {@code header}. */
    static AstDump ofHeader(String header) {
        return parse(ClangDump.of("#include <" + header + ">\n", "-Xclang", "-ast-dump"));
    }

    private static AstDump parse(String dump) {
        Map<String, String> typedefs = new HashMap<>();
        Map<String, Set<String>> functions = new HashMap<>();
        dump.lines().forEach(line -> {
            Matcher t = TYPEDEF.matcher(line);
            if (t.find()) {
                // clang prints the fully desugared type after the colon when it differs from the spelling
                typedefs.put(t.group(1), t.group(3) != null ? t.group(3) : t.group(2));
            }
            Matcher f = FUNCTION.matcher(line);
            // clang's own implicit declarations of builtins (vsnprintf, ...) are not the header's
            if (f.find() && !(" " + f.group(1) + " ").contains(" implicit ")) {
                functions.computeIfAbsent(f.group(2), name -> new LinkedHashSet<>()).add(f.group(3));
            }
        });
        return new AstDump(Map.copyOf(typedefs), Map.copyOf(functions));
    }

    /** typedef name to its fully desugared type. */
    Map<String, String> typedefs() {
        return typedefs;
    }

    /** The distinct types the header declares {@code name} with (usually one; empty if it declares none). */
    List<String> functionTypes(String name) {
        return List.copyOf(functionTypes.getOrDefault(name, Set.of()));
    }
}
