package io.tracebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the kernel the way a notebook does: installs its kernelspec with {@code install-kernel.sh}
 * under {@code target/kernel-tests} (its own {@code JUPYTER_PATH}), then runs the Python test modules of {@code src/test/python},
 * which start the kernel through {@code jupyter_client} and talk the Jupyter protocol to it.
 * Needs Debian's python3-jupyter-client and python3-jupyter-kernel-test; without them the tests are
 * skipped, unless {@code TRACEBOOK_REQUIRE_KERNEL=1} makes that a failure. Each module's output
 * and what it produced (executed notebooks) stay in {@code target/kernel-tests} for a look.
 */
class JupyterClientTest {

    private static final long PYTHON_TIMEOUT_MINUTES = 10;
    /** Every notebook, one kernel each: 7 minutes on this project's loaded 2-CPU VM (19 notebooks), so twice that. */
    private static final long REPLAY_TIMEOUT_MINUTES = 15;
    /** A whole build as a fresh user (3-5 minutes here), then every notebook (7). */
    private static final long BINDER_TIMEOUT_MINUTES = 30;

    private static Path work;
    private static String python;
    private static String kernelClasspath;

    @BeforeAll
    static void installKernelspec() throws Exception {
        python = findPython();
        work = Path.of(property("tracebook.kernel.work"));
        deleteRecursively(work);
        Files.createDirectories(work);
        kernelClasspath = property("tracebook.kernel.classes") + File.pathSeparator
                + Files.readString(Path.of(property("tracebook.kernel.dependencies"))).strip();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process install = new ProcessBuilder(property("tracebook.kernel.install"), java, kernelClasspath, "--prefix", work.toString())
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes());
        assertEquals(0, install.waitFor(), "install-kernel.sh failed:\n" + output);
        assertTrue(Files.exists(work.resolve("share/jupyter/kernels/tracebook/kernel.json")), output);
    }

    @Test
    void jupyterKernelTestConformanceSuite() throws Exception {
        runPythonTests("test_conformance");
    }

    @Test
    void executionOutputDisplaysAndInterrupts() throws Exception {
        runPythonTests("test_behaviour");
    }

    @Test
    void magicsErrorsAndJJavaRegressions() throws Exception {
        runPythonTests("test_cells");
    }

    @Test
    void bpfCellsLiveViewsChartsAndProbeCleanupAgainstTheRealKernel() throws Exception {
        runPythonTests("test_bpf");
    }

    @Test
    void oneLinerMagicCompletionAndErrorsInTheNotebook() throws Exception {
        runPythonTests("test_oneliners");
    }

    @Test
    void notebookWebUiInHeadlessChromium() throws Exception {
        runPythonTests("test_browser");
    }

    @Test
    void repositoryNotebooksRunHeadless() throws Exception {
        runPythonTests("test_notebooks");
    }

    @Test
    void classicToolNotebooksAgreeWithBpftrace() throws Exception {
        runPythonTests("test_tools");
    }

    @Test
    void everyNotebookReplaysItsRecordingWithoutPrivileges() throws Exception {
        runPythonTests("test_replay", REPLAY_TIMEOUT_MINUTES);
    }

    @Test
    void binderStepsBuildAndReplayForAFreshUser() throws Exception {
        runPythonTests("test_binder", BINDER_TIMEOUT_MINUTES);
    }

    private static void runPythonTests(String module) throws IOException, InterruptedException {
        runPythonTests(module, PYTHON_TIMEOUT_MINUTES);
    }

    private static void runPythonTests(String module, long timeoutMinutes) throws IOException, InterruptedException {
        Path log = work.resolve(module + ".log");
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "unittest", "-v", module)
                .directory(new File(property("tracebook.kernel.python.tests")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JUPYTER_PATH", work.resolve("share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        env.put("TRACEBOOK_JAVA_HOME", System.getProperty("java.home"));
        env.put("TRACEBOOK_KERNEL_CLASSPATH", kernelClasspath);
        env.put("TRACEBOOK_NOTEBOOKS", property("tracebook.notebooks"));
        env.put("TRACEBOOK_TEST_WORK", Files.createDirectories(work.resolve(module)).toString());
        env.put("TRACEBOOK_CACHE", work.resolve("cache").toString());
        env.put("TRACEBOOK_MAVEN_ARGS", "-o");
        env.put("PYTHONUNBUFFERED", "1");
        Process tests = builder.start();
        boolean finished = tests.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            tests.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, module + " did not finish within " + timeoutMinutes + " minutes:\n" + output);
        assertEquals(0, tests.exitValue(), module + " failed:\n" + output);
    }

    /** A python3 that has jupyter_client: Debian's, which a pyenv or venv python3 earlier on the PATH may lack. */
    private static String findPython() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import jupyter_client, jupyter_kernel_test")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        String reason = "no python3 with jupyter_client and jupyter_kernel_test; "
                + "apt-get install python3-jupyter-client python3-jupyter-kernel-test";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
        return null;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests with Maven (kernel-ext/pom.xml sets it)");
        }
        return value;
    }
}
