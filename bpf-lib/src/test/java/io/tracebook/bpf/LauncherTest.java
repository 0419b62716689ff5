package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ./tracebook} launcher and the real {@code jshell} with {@code bpf.jsh}. */
class LauncherTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LAUNCHER = ROOT.resolve("tracebook");
    private static final Path JDK_RUNNING_THIS_TEST = Path.of(System.getProperty("java.home"));

    @TempDir Path tmp;
    private Path oldJdk;
    private Path jvmDirs;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void createJdkFixtures() throws IOException {
        oldJdk = fakeJdkHome(tmp.resolve("old-jdk"), "17.0.2");
        jvmDirs = Files.createDirectories(tmp.resolve("jvm"));
    }

    @Test
    void findsJdk25UnderTheSearchDirectoriesWhenJavaHomeIsOlder() throws Exception {
        Files.createSymbolicLink(jvmDirs.resolve("jdk-current"), JDK_RUNNING_THIS_TEST);

        Run run = launcher(Map.of("JAVA_HOME", oldJdk.toString(), "TRACEBOOK_JVM_DIRS", jvmDirs.toString()), "jdk");

        assertEquals(0, run.status(), run.err());
        assertTrue(Files.isSameFile(JDK_RUNNING_THIS_TEST, Path.of(run.out().strip())), run.out());
    }

    @Test
    void explainsWhatToInstallWhenNoJdk25IsAnywhere() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), oldJdk.resolve("bin/java"));

        Run run = launcher(Map.of(
                "JAVA_HOME", oldJdk.toString(),
                "TRACEBOOK_JVM_DIRS", jvmDirs.toString(),
                "PATH", bin + ":" + System.getenv("PATH")), "jdk");

        assertEquals(1, run.status());
        assertTrue(run.err().contains("no JDK 25 or newer found"), run.err());
        assertTrue(run.err().contains("JAVA_HOME=" + oldJdk + ": JDK 17, too old"), run.err());
        assertTrue(run.err().contains("java on PATH: " + oldJdk.toRealPath() + ": JDK 17, too old"), run.err());
        assertTrue(run.err().contains("set TRACEBOOK_JAVA_HOME"), run.err());
    }

    @Test
    void refusesATracebookJavaHomeThatIsNoJdkInsteadOfSearching() throws Exception {
        Files.createSymbolicLink(jvmDirs.resolve("jdk-current"), JDK_RUNNING_THIS_TEST);

        Run run = launcher(Map.of("TRACEBOOK_JAVA_HOME", tmp.toString(), "TRACEBOOK_JVM_DIRS", jvmDirs.toString()), "jdk");

        assertEquals(1, run.status());
        assertTrue(run.err().contains("TRACEBOOK_JAVA_HOME=" + tmp + ": not a JDK"), run.err());
    }

    @Test
    void kernelWithoutInstallPrintsItsUsageAndExitsWith2() throws Exception {
        for (List<String> args : List.of(List.of("kernel"), List.of("kernel", "uninstall"))) {
            Run run = launcher(Map.of(), args.toArray(String[]::new));
            assertEquals(2, run.status(), args.toString());
            assertTrue(run.err().contains("usage: ./tracebook kernel install"), run.err());
        }
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExitsWith2() throws Exception {
        Run run = launcher(Map.of(), "frobnicate");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("usage: ./tracebook COMMAND"), run.err());
    }

    /** The README's set-up: plain jshell, the class path given, {@code --startup bpf.jsh} and nothing else. */
    @Test
    void bpfJshAloneGivesASessionItsImportsWithoutErrors() throws Exception {
        Path session = Files.writeString(tmp.resolve("session.jsh"), """
                var t = Table.create("t", IntColumn.create("pid", new int[] {42}));
                System.out.println(t.print());
                System.out.println(Duration.ofSeconds(2) + " " + List.of(BpfException.class.getSimpleName()));
                /exit
                """);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

        Run run = run(List.of(JDK_RUNNING_THIS_TEST.resolve("bin/jshell").toString(),
                "--class-path", classPath, "-R--enable-native-access=ALL-UNNAMED",
                "--startup", ROOT.resolve("bpf.jsh").toString(), session.toString()), Map.of());

        assertFalse(run.err().contains("Error:") || run.out().contains("Error:"), run.err() + run.out());
        assertTrue(run.out().contains(" 42  |"), run.out());
        assertTrue(run.out().contains("PT2S [BpfException]"), run.out());
    }

    /** The README's first example, run as a user runs it: a .jsh file in jshell with bpf.jsh, against the kernel. */
    @Test
    void theOpensnoopExampleTracesRealOpensInJshell() throws Exception {
        KernelAccess.require();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path example = ROOT.resolve("examples/opensnoop.jsh");
        Path session = Files.writeString(tmp.resolve("session.jsh"), Files.readString(example) + "\n/exit\n");

        Run run = run(List.of(JDK_RUNNING_THIS_TEST.resolve("bin/jshell").toString(),
                "--class-path", classPath, "-R--enable-native-access=ALL-UNNAMED",
                "--startup", ROOT.resolve("bpf.jsh").toString(), session.toString()), Map.of());

        assertFalse(run.err().contains("Error:") || run.out().contains("Error:") || run.out().contains("Exception"), run.err() + run.out());
        assertTrue(run.out().contains("pid") && run.out().contains("ts") && run.out().contains("comm"), run.out());
        assertTrue(run.out().matches("(?s).*\\n(\\d+) opens; by process:.*"), run.out());
    }

    /**
     * Issue 16, item 12, as issue 12 changed it: a user without the capabilities learns first, in one line, that the
     * session replays recordings and how to trace live instead; a checkout that user cannot use then says so.
     */
    @Test
    void aUserWithoutBpfPrivilegesIsToldTheSessionReplaysAndHowToTraceLive() throws Exception {
        Path checkout = rootBuiltCheckout();
        Run run = run(asNobody(false, checkout.resolve("tracebook").toString(), "jshell", "examples/opensnoop.jsh"),
                Map.of("TRACEBOOK_JAVA_HOME", JDK_RUNNING_THIS_TEST.toString()));

        assertEquals(1, run.status(), run.err());
        String sudo = "sudo " + checkout.resolve("tracebook") + " jshell examples/opensnoop.jsh";
        assertEquals("tracebook: nobody may not load BPF programs here, so objects come from a recording (Recording.replay(path),"
                + " or TRACEBOOK_RECORDING=FILE); to trace live, run " + sudo, run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().lines().skip(1).findFirst().orElseThrow().startsWith("tracebook: this checkout was built by root"), run.err());
        assertEquals("", run.out());
    }

    /** Issue 16, item 12: with the capabilities but in a checkout root built, the user learns why it cannot be used. */
    @Test
    void aCheckoutBuiltByRootSaysWhatToDoInsteadOfRunningMaven() throws Exception {
        Path checkout = rootBuiltCheckout();
        Run run = run(asNobody(true, checkout.resolve("tracebook").toString(), "jshell", "examples/opensnoop.jsh"), Map.of());

        assertEquals(1, run.status(), run.err());
        assertEquals("tracebook: this checkout was built by root, and nobody can neither rebuild it (" + checkout + " is not writable)"
                + " nor use its build (it needs " + tmp.resolve("root-only/dependency.jar") + ", which nobody cannot read): run it as"
                + " root (sudo " + checkout.resolve("tracebook") + " jshell examples/opensnoop.jsh), or clone the project as nobody\n",
                run.err());
    }

    /**
     * The JVM {@code ./tracebook bench} starts gets the heap flags the kernelspec's gets (the JVMs it starts take the
     * kernelspec's own): on this machine's VM a fresh 4 KiB page costs ~11 us to touch, and the flag was once lost to
     * {@code set -u} (an unset {@code $1}) without a word but a line on stderr. A JDK whose java prints its arguments.
     */
    @Test
    void theBenchJvmGetsTheHugePageFlagWhereTheKernelOffersHugePages() throws Exception {
        Path jdk = fakeJdkHome(tmp.resolve("jdk-25"), "25");
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Path checkout = Files.createDirectories(tmp.resolve("bench-checkout"));
        Files.copy(LAUNCHER, checkout.resolve("tracebook"));
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.setLastModifiedTime(pom, java.nio.file.attribute.FileTime.fromMillis(0));
        Path classPath = Files.createDirectories(checkout.resolve("bpf-lib/target")).resolve("tracebook.classpath");
        Files.writeString(classPath, pom + "\n");
        Files.createFile(Files.createDirectories(checkout.resolve("bench/target")).resolve("bench-0.1.jar"));
        Files.writeString(checkout.resolve("bench/target/runtime-dependencies.classpath"), "");

        Run run = run(List.of(checkout.resolve("tracebook").toString(), "bench"), Map.of("TRACEBOOK_JAVA_HOME", jdk.toString()));

        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        boolean hugePages = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).matches("(?s).*\\[(always|madvise)].*");
        List<String> arguments = run.out().lines().toList();
        assertEquals(hugePages, arguments.contains("-XX:+UseTransparentHugePages"), run.out());
    }

    /** A copy of the launcher in a directory only root may write, whose recorded class path names a file only root may read. */
    private Path rootBuiltCheckout() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rootOnly = Files.createDirectory(tmp.resolve("root-only"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path dependency = Files.createFile(rootOnly.resolve("dependency.jar"));
        Path checkout = Files.createDirectories(tmp.resolve("checkout/bpf-lib/target")).getParent().getParent();
        Files.copy(LAUNCHER, checkout.resolve("tracebook"));
        Files.writeString(checkout.resolve("bpf-lib/target/tracebook.classpath"), dependency + "\n");
        return checkout;
    }

    /** {@code command} as user nobody, with CAP_BPF and CAP_PERFMON (ambient, as a grant would give them) or with none. */
    private static List<String> asNobody(boolean withBpfCapabilities, String... command) {
        List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        line.addAll(withBpfCapabilities ? List.of("--inh-caps=+bpf,+perfmon", "--ambient-caps=+bpf,+perfmon")
                : List.of("--inh-caps=-all", "--bounding-set=-all"));
        line.addAll(List.of("env", "HOME=/nonexistent"));
        line.addAll(List.of(command));
        return line;
    }

    private Run launcher(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().remove("TRACEBOOK_JAVA_HOME"); // the tests decide where the JDK is
        builder.environment().putAll(env);
        builder.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(process.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    /** A directory shaped like a JDK home of the given version; the launcher reads it, never runs it. */
    private static Path fakeJdkHome(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac", "jshell")) {
            Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
