package io.tracebook.bpf.dsl;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.error.VerifierException;

/**
 * An error in the C a one-liner wrote, told in terms of the one-liner: which DSL call's C failed and why, with
 * the generated C (numbered) and the compiler's output or the verifier's log in {@code details()}. A user never
 * faces a verifier log of code they did not write without being told which of their calls it came from.
 */
final class GeneratedErrors {
    private GeneratedErrors() {
    }

    static BpfException explain(BpfException e, Spec spec, Generated generated) {
        return switch (e) {
            case CompileException c -> {
                CompileException.Diagnostic first = c.diagnostics().stream().filter(d -> d.severity().endsWith("error")).findFirst().orElse(null);
                int line = first == null ? 0 : first.line();
                String reason = first == null ? c.getMessage() : first.message();
                yield failure(spec, generated, line, "does not compile (" + reason + ")", c);
            }
            case VerifierException v -> failure(spec, generated, v.sourceLine(), "was rejected by the kernel's verifier: " + v.reason(), v);
            default -> e;
        };
    }

    private static OneLinerException failure(Spec spec, Generated generated, int line, String what, BpfException cause) {
        String origin = generated.lines().originOf(line);
        String call = origin.isEmpty() ? spec.chain() : origin;
        String at = line > 0 ? " at line " + line + " of the generated C" : "";
        String message = "the C written for " + call + what.replaceFirst("^", " ") + at
                + ". This one-liner should have been refused before compiling; please report it with details(), "
                + "which holds the generated C and the full " + (cause instanceof VerifierException ? "verifier log" : "compiler output");
        return new OneLinerException(call, message, numbered(generated.c()) + "\n" + cause.details(), cause);
    }

    private static String numbered(String c) {
        StringBuilder out = new StringBuilder();
        String[] lines = c.split("\n", -1);
        for (int i = 0; i < lines.length; i++) out.append(String.format("%4d  %s%n", i + 1, lines[i]));
        return out.toString();
    }
}
