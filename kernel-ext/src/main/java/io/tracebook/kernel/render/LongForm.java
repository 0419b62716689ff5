package io.tracebook.kernel.render;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.VerifierException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The long form of a BPF error (its {@code details()}) arranged for reading in a fold, what matters first: the
 * verifier's last steps before the rejection, then its whole log; clang's diagnostics, then its command line.
 * The snippet's file, which the library names after the source's hash, is named for the user: the cell whose
 * {@code %%bpf} it is, else "snippet.bpf.c".
 *
 * @param label what the fold holds, its summary line
 * @param text  the long form
 */
record LongForm(String label, String text) {

    /** The file clang compiled a snippet as: named by the source's hash (or, in newer caches, snippet.bpf.c). */
    private static final Pattern SNIPPET_FILE = Pattern.compile("(?:/[^\\s:]*/)?(?:[0-9a-f]{32}|snippet)\\.bpf\\.c(?=:)");
    /** The verifier quotes a source line before the instructions it compiled to: "; return *v; @ file.bpf.c:6". */
    private static final Pattern QUOTE = Pattern.compile("^; .* @ (\\S+):(\\d+)$");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\d+: .*");
    private static final String SNIPPET = "snippet.bpf.c";

    /** The long form of {@code e}, or null when it has none; {@code cell} names the snippet (null: a snippet of Java code). */
    static LongForm of(BpfException e, String cell) {
        String details = e.details();
        if (details.isBlank()) {
            return null;
        }
        String source = cell == null ? SNIPPET : cell;
        return switch (e) {
            case VerifierException verifier -> verifierLog(verifier.log(), source);
            case CompileException ignored when details.startsWith("$ ") -> clangOutput(details, source);
            default -> new LongForm(lines(details) + " of detail", details.strip());
        };
    }

    private static LongForm verifierLog(String log, String source) {
        List<String> lines = log.strip().lines().toList();
        List<String> lastSteps = lastSteps(lines);
        String whole = rename(String.join("\n", lines), source);
        String text = lastSteps.isEmpty() ? whole
                : "Where it stopped:\n" + rename(String.join("\n", lastSteps), source) + "\n\nThe whole log:\n" + whole;
        return new LongForm("the verifier's log, " + lines(lines.size()) + (lastSteps.isEmpty() ? "" : ", where it stopped first"), text);
    }

    /**
     * From the last line of the user's source the verifier quoted before its reason (a header's lines and line 0,
     * code the compiler made up, do not count) to the reason itself; empty when the log has no reason.
     */
    private static List<String> lastSteps(List<String> lines) {
        int end = lines.size();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("processed ")) {
                end = i;
                break;
            }
        }
        int reason = -1;
        for (int i = end - 1; i >= 0 && reason < 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith(";") && !INSTRUCTION.matcher(line).matches()
                    && !line.startsWith("verification time") && !line.startsWith("stack depth")) {
                reason = i;
            }
        }
        if (reason < 0) {
            return List.of();
        }
        for (int i = reason - 1; i >= 0; i--) {
            Matcher quote = QUOTE.matcher(lines.get(i));
            if (quote.matches() && !quote.group(1).endsWith(".h") && !quote.group(2).equals("0")) {
                return lines.subList(i, reason + 1);
            }
        }
        return lines.subList(reason, reason + 1);
    }

    /** clang's diagnostics first, then the command line that ran it (kept as it was: it can be run again). */
    private static LongForm clangOutput(String details, String source) {
        int end = details.indexOf('\n');
        String command = end < 0 ? details : details.substring(0, end);
        String output = end < 0 ? "" : rename(details.substring(end + 1), source).strip();
        return new LongForm("clang's output, " + lines(output.lines().count()), output + "\n\nclang ran as:\n" + command);
    }

    private static String rename(String text, String source) {
        return SNIPPET_FILE.matcher(text).replaceAll(Matcher.quoteReplacement(source));
    }

    private static String lines(String text) {
        return lines(text.strip().lines().count());
    }

    private static String lines(long count) {
        return count + (count == 1 ? " line" : " lines");
    }
}
