package io.tracebook.bpf.btf;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.sys.HostFiles;
import java.io.IOException;
import java.nio.file.Path;

/** The running kernel's own types, from {@code /sys/kernel/btf/vmlinux}: read and parsed once per JVM. */
public final class VmlinuxBtf {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static Btf kernel;
    /** Whose answer {@link #kernel} is: a recording or replay session reads the types again, through itself. */
    private static HostFiles.Reader kernelBy;

    private VmlinuxBtf() {
    }

    public static synchronized Btf get() {
        if (kernel == null || kernelBy != HostFiles.current()) {
            try {
                kernel = Btf.parse(HostFiles.readAllBytes(VMLINUX));
                kernelBy = HostFiles.current();
            } catch (IOException e) {
                throw new BpfException("cannot read the kernel's types from " + VMLINUX + " (" + e.getMessage()
                        + "): the kernel needs CONFIG_DEBUG_INFO_BTF, and sysfs mounted", e);
            }
        }
        return kernel;
    }
}
