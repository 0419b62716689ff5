package io.tracebook.bpf.record;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import io.tracebook.bpf.error.PermissionException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.error.VerifierException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure the recording keeps (a compile error, a verifier's rejection, a failed attach) so that the replay fails
 * the same way, with the same message and details: the exception's kind, then the fields that make it.
 */
final class RecordedFailure {
    private static final int BPF = 0;
    private static final int COMPILE = 1;
    private static final int VERIFIER = 2;
    private static final int ATTACH = 3;
    private static final int PERMISSION = 4;
    private static final int UNSUPPORTED = 5;

    private RecordedFailure() {
    }

    static void write(RecordBuffer out, BpfException e) {
        switch (e) {
            case CompileException c -> {
                out.putByte(COMPILE);
                out.putString(c.getMessage());
                out.putString(c.details());
                out.putInt(c.diagnostics().size());
                for (CompileException.Diagnostic d : c.diagnostics()) {
                    out.putInt(d.line());
                    out.putInt(d.column());
                    out.putString(d.severity());
                    out.putString(d.message());
                    out.putString(d.sourceLine());
                }
            }
            case VerifierException v -> {
                out.putByte(VERIFIER);
                out.putString(v.program());
                out.putString(v.reason());
                out.putInt(v.sourceLine());
                out.putString(v.sourceText());
                out.putString(v.log());
            }
            case AttachException a -> {
                out.putByte(ATTACH);
                out.putString(a.getMessage());
                out.putString(a.probe());
                out.putInt(a.suggestions().size());
                for (String s : a.suggestions()) out.putString(s);
                out.putString(a.details());
            }
            case PermissionException p -> {
                out.putByte(PERMISSION);
                out.putString(p.getMessage());
                out.putString(p.capability());
            }
            case UnsupportedFeatureException u -> {
                out.putByte(UNSUPPORTED);
                out.putString(u.feature());
                out.putString(u.getMessage());
            }
            default -> {
                out.putByte(BPF);
                out.putString(e.getMessage());
                out.putString(e.details());
            }
        }
    }

    static BpfException read(RecordInput in) {
        int kind = in.getByte();
        return switch (kind) {
            case COMPILE -> {
                String message = in.getString();
                String details = in.getString();
                int n = in.getCount();
                List<CompileException.Diagnostic> diagnostics = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    diagnostics.add(new CompileException.Diagnostic(in.getInt(), in.getInt(), in.getString(), in.getString(), in.getString()));
                }
                yield new CompileException(message, diagnostics, details);
            }
            case VERIFIER -> new VerifierException(in.getString(), in.getString(), in.getInt(), in.getString(), in.getString());
            case ATTACH -> {
                String message = in.getString();
                String probe = in.getString();
                int n = in.getCount();
                List<String> suggestions = new ArrayList<>();
                for (int i = 0; i < n; i++) suggestions.add(in.getString());
                yield new AttachException(message, probe, suggestions, in.getString());
            }
            case PERMISSION -> new PermissionException(in.getString(), in.getString());
            case UNSUPPORTED -> new UnsupportedFeatureException(in.getString(), in.getString());
            case BPF -> new BpfException(in.getString(), in.getString(), null);
            default -> throw new RecordInput.Corrupt("an unknown kind of failure " + kind);
        };
    }
}
