package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tracebook.bpf.compile.BpfCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An object file's BTF is read and parsed once while the file stays as it was, and read again once it is replaced. */
class OpenedBtfTest {
    @TempDir
    Path dir;

    @Test
    void anUnchangedFileKeepsItsParsedBtfAndAReplacedOneIsReadAgain() throws IOException {
        Path alpha = BpfCompiler.shared().compile("u32 opened_alpha = 1;\n").objectFile();
        Path beta = BpfCompiler.shared().compile("u64 opened_beta_total = 2;\n").objectFile();
        Path object = dir.resolve("mine.o");
        Files.copy(alpha, object);

        KernelOpenedObject first = KernelOpenedObject.open(object, true);
        KernelOpenedObject second = KernelOpenedObject.open(object, true);
        try {
            assertSame(first.btf(), second.btf(), "the same file, opened again: its BTF is not parsed again");
            assertArrayEquals(first.rawBtf(), second.rawBtf());
            assertEquals(List.of("opened_alpha"), GlobalData.userGlobalNames(second.btf()));
        } finally {
            first.close();
            second.close();
        }

        // As a build or the object cache replaces a file: written beside it, renamed over it.
        Path next = dir.resolve("mine.o.next");
        Files.copy(beta, next);
        Files.move(next, object, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        KernelOpenedObject replaced = KernelOpenedObject.open(object, true);
        KernelOpenedObject fresh = KernelOpenedObject.open(beta, true);
        try {
            assertNotSame(first.btf(), replaced.btf());
            assertEquals(List.of("opened_beta_total"), GlobalData.userGlobalNames(replaced.btf()));
            assertArrayEquals(fresh.rawBtf(), replaced.rawBtf(), "what libbpf makes of the new file");
        } finally {
            replaced.close();
            fresh.close();
        }
    }
}
