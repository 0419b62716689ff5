package io.tracebook.bpf.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.Bpf;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** bpf-lib's module-info is the one list of user-facing packages: bpf.jsh imports exactly those. */
class PublicSurfaceTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern LIBRARY_IMPORT = Pattern.compile("^import (io\\.tracebook\\.[\\w.]+)\\.\\*;", Pattern.MULTILINE);

    static Set<String> exportedPackages() throws IOException, URISyntaxException {
        Path classes = Path.of(Bpf.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in).exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void bpfJshImportsExactlyTheExportedPackages() throws Exception {
        Matcher imports = LIBRARY_IMPORT.matcher(Files.readString(ROOT.resolve("bpf.jsh")));
        Set<String> imported = new TreeSet<>();
        while (imports.find()) imported.add(imports.group(1));
        assertEquals(exportedPackages(), imported, "bpf.jsh's library imports differ from bpf-lib's module-info exports");
    }
}
