package io.tracebook.bench;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The notebook kernel's kernelspec as {@code install-kernel.sh} installs it for the bench's own class path (which holds
 * kernel-ext and its dependencies), once per run under the bench's work directory. Its JVM command, the flags and the
 * ahead-of-time cache of its training run, is how a user's notebook JVM starts: the kernel rows start it, and the
 * first-ever row times its first snippet in a JVM started the same way.
 */
final class Kernelspec {
    private final Path prefix;
    private boolean installed;

    Kernelspec(Settings settings) {
        this.prefix = settings.work().resolve("kernel-bench");
    }

    /** The Jupyter data directory that holds the kernelspec (for JUPYTER_PATH); installs it on the first call. */
    synchronized Path jupyterPath() {
        if (!installed) {
            Commands.run(List.of(installScript().toString(), javaBinary(), System.getProperty("java.class.path"),
                    "--prefix", prefix.toString()));
            installed = true;
        }
        return prefix.resolve("share/jupyter");
    }

    /** The kernel's {@code java} and its flags, without its class path and main class. */
    List<String> jvmCommand() {
        Path spec = jupyterPath().resolve("kernels/tracebook/kernel.json");
        List<String> argv = new ArrayList<>();
        try {
            JsonParser.parseString(Files.readString(spec)).getAsJsonObject().getAsJsonArray("argv")
                    .forEach(element -> argv.add(element.getAsString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
        int classPath = argv.indexOf("-cp");
        if (classPath < 0) throw new IllegalStateException(spec + " starts no JVM with -cp: " + argv);
        return List.copyOf(argv.subList(0, classPath));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path installScript() {
        String script = System.getProperty("tracebook.bench.kernel.install");
        if (script == null) {
            throw new IllegalStateException("tracebook.bench.kernel.install is not set; run ./tracebook bench (it points it at "
                    + "kernel-ext/src/main/sh/install-kernel.sh)");
        }
        return Path.of(script);
    }
}
