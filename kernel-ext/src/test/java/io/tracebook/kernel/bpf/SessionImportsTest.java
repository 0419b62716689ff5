package io.tracebook.kernel.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.constant.ModuleDesc;
import java.lang.constant.PackageDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionImportsTest {

    private static final Path BPF_JSH = Path.of("").toAbsolutePath().getParent().resolve("bpf.jsh");

    /** bpf.jsh's import statements, sorted (the order of imports means nothing to JShell). */
    static List<String> bpfJshImports() throws IOException {
        return Files.readAllLines(BPF_JSH).stream().map(String::strip).filter(line -> line.startsWith("import ")).sorted().toList();
    }

    @Test
    void theKernelImportsExactlyWhatBpfJshImports() throws IOException {
        assertEquals(bpfJshImports(), SessionImports.statements().stream().sorted().toList());
    }

    @Test
    void theExportsAreReadFromAClassDirectoryAndFromAJar(@TempDir Path temp) throws IOException {
        byte[] moduleInfo = ClassFile.of().buildModule(ModuleAttribute.of(ModuleDesc.of("demo"), module -> module
                .requires(ModuleDesc.of("java.base"), ClassFile.ACC_MANDATED, null)
                .exports(PackageDesc.of("demo.api"), 0)
                .exports(PackageDesc.of("demo.api.more"), 0)));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Files.write(classes.resolve("module-info.class"), moduleInfo);
        Path jar = temp.resolve("demo.jar");
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of("create", "true"))) {
            Files.write(zip.getPath("module-info.class"), moduleInfo);
        }
        assertEquals(Set.of("demo.api", "demo.api.more"), SessionImports.exportedPackages(classes));
        assertEquals(Set.of("demo.api", "demo.api.more"), SessionImports.exportedPackages(jar));
    }
}
