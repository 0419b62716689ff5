package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The include directory: bpftool started early on a kernel's first compile, and what becomes of it. */
class PreludeHeadersTest {
    private static final Runnable NOTHING = () -> { };

    @TempDir
    Path cache;

    @BeforeEach
    void kernelBtf() throws IOException {
        KernelBtfGuard.requireKernelBtf();
        Files.createDirectories(cache.resolve(PreludeHeaders.DIRECTORY));
    }

    @Test
    void anotherKernelsHeadersDoNotKeepThisKernelsFromBeingGenerated() throws IOException {
        Path otherKernel = Files.createDirectory(cache.resolve(PreludeHeaders.DIRECTORY).resolve("00000001aaaaaaaabbbbbbbb-0123456789abcdef"));

        PreludeHeaders headers = PreludeHeaders.forKernel(cache, VmlinuxHeader.KERNEL_BTF, NOTHING);

        assertTrue(Files.readString(headers.dir().resolve(PreludeHeaders.VMLINUX)).contains("struct task_struct {"));
        assertEquals(List.of(otherKernel, headers.dir()).stream().sorted().toList(), includeDirEntries());
    }

    @Test
    void headersAnotherProcessPutInPlaceMeanwhileAreKeptAndTheEarlyBpftoolStopped(@TempDir Path elsewhere) throws IOException {
        Files.createDirectories(elsewhere.resolve(PreludeHeaders.DIRECTORY));
        Path theirs = PreludeHeaders.forKernel(elsewhere, VmlinuxHeader.KERNEL_BTF, NOTHING).dir();
        Path sameName = cache.resolve(PreludeHeaders.DIRECTORY).resolve(theirs.getFileName());
        // Runs once bpftool was started for the empty cache: another process finishes first.
        Runnable anotherProcessWins = () -> copyTree(theirs, sameName);

        PreludeHeaders headers = PreludeHeaders.forKernel(cache, VmlinuxHeader.KERNEL_BTF, anotherProcessWins);

        assertEquals(sameName, headers.dir());
        assertEquals(List.of(sameName), includeDirEntries(), "the early assembly's temporary directory is gone");
        assertEquals(List.of(), bpftoolsOfThisJvm(), "the early bpftool is stopped");
    }

    @Test
    void noKernelBtfIsReportedBeforeAnythingStarts() throws IOException {
        CompileException e = assertThrows(CompileException.class,
                () -> PreludeHeaders.forKernel(cache, cache.resolve("no-such-btf"), NOTHING));

        assertTrue(e.getMessage().contains("CONFIG_DEBUG_INFO_BTF"), e.getMessage());
        assertEquals(List.of(), includeDirEntries());
    }

    private List<Path> includeDirEntries() throws IOException {
        try (Stream<Path> entries = Files.list(cache.resolve(PreludeHeaders.DIRECTORY))) {
            return entries.sorted().toList();
        }
    }

    private static List<String> bpftoolsOfThisJvm() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command().stream()).filter(c -> c.endsWith("bpftool")).toList();
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectory(to);
            for (Path file : files.toList()) Files.copy(file, to.resolve(file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
