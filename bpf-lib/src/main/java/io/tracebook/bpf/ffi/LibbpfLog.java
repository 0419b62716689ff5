package io.tracebook.bpf.ffi;

/**
 * What libbpf printed on this thread since the last {@link #drain()}: its warnings explain many
 * failures (a missing tracepoint, a CO-RE relocation that found no field) that errno alone does not.
 * Debug-level lines are dropped; set TRACEBOOK_LIBBPF_DEBUG=1 to see everything on stderr.
 */
public final class LibbpfLog {
    private static final int LIBBPF_DEBUG = 2;
    private static final boolean ECHO = "1".equals(System.getenv("TRACEBOOK_LIBBPF_DEBUG"));
    private static final int MAX_CHARS = 1 << 20;
    private static final ThreadLocal<StringBuilder> LINES = ThreadLocal.withInitial(StringBuilder::new);

    private LibbpfLog() {
    }

    /** Whether a line of this level is kept or echoed: only those are worth formatting. */
    static boolean keeps(int level) {
        return ECHO || level < LIBBPF_DEBUG;
    }

    static void append(int level, String text) {
        if (ECHO) System.err.print(text);
        if (level >= LIBBPF_DEBUG) return;
        StringBuilder sb = LINES.get();
        if (sb.length() < MAX_CHARS) sb.append(text);
    }

    /** Returns and forgets what libbpf printed on this thread. */
    public static String drain() {
        StringBuilder sb = LINES.get();
        String text = sb.toString();
        sb.setLength(0);
        return text;
    }
}
