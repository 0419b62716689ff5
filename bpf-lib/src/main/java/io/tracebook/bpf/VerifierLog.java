package io.tracebook.bpf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a verifier log the way a person does: the reason is the last message before the
 * "processed N insns" summary, the culprit is the last source line the log quoted before it.
 */
record VerifierLog(String reason, int line, String sourceText) {
    /** The reason of a log that gives none. */
    static final String NO_REASON = "rejected without a reason in the log";
    /** Kernel 6.x quotes BTF line info as "; source text @ file.c:LINE". */
    private static final Pattern SOURCE = Pattern.compile("^; (.*?)(?: @ (\\S+):(\\d+))?$");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\d+: .*");

    static VerifierLog parse(String log) {
        String[] lines = log.split("\n");
        int end = lines.length;
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("processed ")) {
                end = i;
                break;
            }
        }
        String reason = "";
        int reasonIndex = -1;
        for (int i = end - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("verification time") || l.startsWith("stack depth")) continue;
            if (INSTRUCTION.matcher(l).matches() || l.startsWith(";")) continue;
            reason = l;
            reasonIndex = i;
            break;
        }
        int line = 0;
        String text = "";
        for (int i = reasonIndex - 1; i >= 0; i--) {
            Matcher m = SOURCE.matcher(lines[i]);
            if (!m.matches()) continue;
            if (m.group(2) != null && m.group(2).endsWith(".h")) continue; // inside a prelude header, keep looking for the user's line
            text = m.group(1);
            if (m.group(3) != null) line = Integer.parseInt(m.group(3));
            break;
        }
        if (reason.isEmpty()) reason = NO_REASON;
        return new VerifierLog(reason, line, text);
    }
}
