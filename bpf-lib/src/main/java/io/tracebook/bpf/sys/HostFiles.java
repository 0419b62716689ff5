package io.tracebook.bpf.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's own files that describe the kernel — tracefs (tracepoints, their formats), /sys/kernel/btf/vmlinux,
 * kernel features — read through one place, so that a recording keeps what was read and a replay, on a machine
 * without privileges or with another kernel, reads the recorded answers instead ({@link #use}).
 */
public final class HostFiles {
    /** Where the answers come from: the files themselves, a recording of them, or a replay. */
    public interface Reader {
        byte[] read(Path file) throws IOException;

        boolean exists(Path path);

        boolean isDirectory(Path path);
    }

    /** The files themselves. */
    public static final Reader REAL = new Reader() {
        @Override
        public byte[] read(Path file) throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public boolean isDirectory(Path path) {
            return Files.isDirectory(path);
        }
    };

    private static volatile Reader reader = REAL;

    private HostFiles() {
    }

    /** Reads through {@code r} from now on (a session started); {@link #REAL} again when it ends. */
    public static void use(Reader r) {
        reader = r;
    }

    /** The reader in use: what caches of these files are valid for. */
    public static Reader current() {
        return reader;
    }

    public static byte[] readAllBytes(Path file) throws IOException {
        return reader.read(file);
    }

    public static String readString(Path file) throws IOException {
        return new String(reader.read(file), StandardCharsets.UTF_8);
    }

    public static List<String> readAllLines(Path file) throws IOException {
        return readString(file).lines().toList();
    }

    public static boolean exists(Path path) {
        return reader.exists(path);
    }

    public static boolean isDirectory(Path path) {
        return reader.isDirectory(path);
    }
}
