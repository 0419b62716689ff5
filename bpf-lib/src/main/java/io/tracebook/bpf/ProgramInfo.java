package io.tracebook.bpf;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What the kernel reports about a loaded program (struct bpf_prog_info): its id, and the runs it skipped. */
record ProgramInfo(int id, long recursionMisses) {
    private static final long ID = CStructs.BPF_PROG_INFO.byteOffset(groupElement("id"));
    private static final long RECURSION_MISSES = CStructs.BPF_PROG_INFO.byteOffset(groupElement("recursion_misses"));

    static ProgramInfo of(String program, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(CStructs.BPF_PROG_INFO);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, (int) CStructs.BPF_PROG_INFO.byteSize());
            int err = Libbpf.bpf_obj_get_info_by_fd(fd, info, length);
            if (err < 0) {
                throw new BpfException("cannot read the kernel's information on program '" + program + "': "
                        + Errno.name(err) + " (bpf_obj_get_info_by_fd on fd " + fd + "); is the object still open?");
            }
            return new ProgramInfo(info.get(ValueLayout.JAVA_INT, ID), info.get(ValueLayout.JAVA_LONG, RECURSION_MISSES));
        }
    }
}
