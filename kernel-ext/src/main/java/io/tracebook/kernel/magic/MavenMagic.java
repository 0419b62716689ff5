package io.tracebook.kernel.magic;

import io.tracebook.kernel.cell.CellError;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * {@code %maven group:artifact:version...}: resolves the artifacts and their run-time dependencies
 * with Maven ({@code mvn} on the PATH, or {@code $TRACEBOOK_MVN}) and adds them to the session.
 * Each set of coordinates is resolved once; the class path is cached under
 * {@code ~/.cache/tracebook/maven} (or {@code $TRACEBOOK_CACHE/maven}). Extra Maven arguments,
 * such as {@code -o} for offline, come from {@code $TRACEBOOK_MAVEN_ARGS}.
 */
public final class MavenMagic implements LineMagic<Void, BaseKernel> {

    private static final Pattern COORDINATES = Pattern.compile("[\\w.-]+:[\\w.-]+:[\\w.-]+");
    private static final String BUILD_CLASSPATH = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
    private static final long TIMEOUT_MINUTES = 10;

    private final MagicHost host;

    public MavenMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Void eval(BaseKernel kernel, List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new CellError.MagicError("%maven needs coordinates, e.g. %maven org.apache.commons:commons-text:1.12.0");
        }
        for (String coordinate : args) {
            if (!COORDINATES.matcher(coordinate).matches()) {
                throw new CellError.MagicError("'" + coordinate + "' is not group:artifact:version");
            }
        }
        List<Path> jars = resolve(args, host::isInterrupted);
        host.addToClasspath(jars);
        System.out.println("added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " for " + String.join(" ", args));
        return null;
    }

    private static List<Path> resolve(List<String> coordinates, BooleanSupplier interrupted) throws IOException, InterruptedException {
        Path project = cacheDirectory().resolve(key(coordinates));
        Path classpathFile = project.resolve("classpath.txt");
        List<Path> cached = Files.exists(classpathFile) ? read(classpathFile) : List.of();
        if (!cached.isEmpty() && cached.stream().allMatch(Files::exists)) {
            return cached;
        }
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), pom(coordinates));
        runMaven(project, classpathFile, interrupted);
        return read(classpathFile);
    }

    private static void runMaven(Path project, Path classpathFile, BooleanSupplier interrupted) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-q", "-f", project.resolve("pom.xml").toString(),
                BUILD_CLASSPATH, "-Dmdep.outputFile=" + classpathFile, "-Dmdep.includeScope=runtime"));
        String extra = System.getenv("TRACEBOOK_MAVEN_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.strip().split("\\s+")));
        }
        Path log = project.resolve("maven.log");
        Process maven;
        try {
            maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new CellError.MagicError("cannot run Maven (" + e.getMessage() + "); install it (apt-get install maven) "
                    + "or set TRACEBOOK_MVN, or add the jars with %classpath");
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
        while (!maven.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (interrupted.getAsBoolean() || System.nanoTime() > deadline) {
                maven.destroyForcibly();
                throw new CellError.MagicError("Maven was stopped before it resolved the artifacts");
            }
        }
        if (maven.exitValue() != 0 || !Files.exists(classpathFile)) {
            List<String> output = Files.readAllLines(log);
            throw new CellError.MagicError("Maven could not resolve the artifacts (exit " + maven.exitValue() + "):\n"
                    + String.join("\n", output.subList(Math.max(0, output.size() - 15), output.size())));
        }
    }

    private static String mavenExecutable() {
        String configured = System.getenv("TRACEBOOK_MVN");
        return configured == null || configured.isBlank() ? "mvn" : configured;
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("TRACEBOOK_CACHE");
        Path base = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "tracebook")
                : Path.of(configured);
        return base.resolve("maven");
    }

    private static String key(List<String> coordinates) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(" ", coordinates.stream().sorted().toList()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> read(Path classpathFile) throws IOException {
        String classpath = Files.readString(classpathFile).strip();
        return classpath.isEmpty() ? List.of()
                : Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).toList();
    }

    private static String pom(List<String> coordinates) {
        StringBuilder dependencies = new StringBuilder();
        for (String coordinate : coordinates) {
            String[] parts = coordinate.split(":");
            dependencies.append("    <dependency><groupId>").append(parts[0]).append("</groupId><artifactId>").append(parts[1])
                    .append("</artifactId><version>").append(parts[2]).append("</version></dependency>\n");
        }
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.tracebook.notebook</groupId>
                  <artifactId>maven-magic</artifactId>
                  <version>1</version>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(dependencies);
    }
}
