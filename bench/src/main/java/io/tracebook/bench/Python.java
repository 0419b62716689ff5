package io.tracebook.bench;

import java.io.IOException;
import java.util.List;

/** The python3 that has jupyter_client (Debian's python3-jupyter-client), which a pyenv or venv python3 may lack. */
final class Python {
    private Python() {
    }

    static String withJupyterClient() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import jupyter_client").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor() == 0) return candidate;
            } catch (IOException notThere) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no python3 with jupyter_client for the kernel benchmarks; "
                + "apt-get install python3-jupyter-client (./tracebook setup does)");
    }
}
