package io.tracebook.bpf.btf;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running kernel's own types, from {@code /sys/kernel/btf/vmlinux}: read and parsed once per JVM. */
public final class VmlinuxBtf {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static Btf kernel;

    private VmlinuxBtf() {
    }

    public static synchronized Btf get() {
        if (kernel == null) {
            try {
                kernel = Btf.parse(Files.readAllBytes(VMLINUX));
            } catch (IOException e) {
                throw new BpfException("cannot read the kernel's types from " + VMLINUX + " (" + e.getMessage()
                        + "): the kernel needs CONFIG_DEBUG_INFO_BTF, and sysfs mounted", e);
            }
        }
        return kernel;
    }
}
