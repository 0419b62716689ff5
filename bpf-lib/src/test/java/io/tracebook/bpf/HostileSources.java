package io.tracebook.bpf;

import java.io.IOException;
import java.nio.file.Path;

/** Building blocks of hostile sources, for the compile tests and the fuzz. */
public final class HostileSources {
    private HostileSources() {
    }

    /** {@code #define X0 term}, then each {@code Xi} twice {@code X(i-1)} up to {@code levels}, then {@code use}: 2^levels terms. */
    public static String doubling(String term, int levels, String use) {
        StringBuilder source = new StringBuilder("#define X0 " + term + "\n");
        for (int i = 1; i <= levels; i++) source.append("#define X%d X%d X%d\n".formatted(i, i - 1, i - 1));
        return source.append(use).append('\n').toString();
    }

    /** A FIFO in {@code dir} that nobody writes: a file whose reading never ends. */
    public static Path fifo(Path dir) throws IOException, InterruptedException {
        Path fifo = dir.resolve("harden-never-written");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) throw new IOException("mkfifo failed");
        return fifo;
    }
}
