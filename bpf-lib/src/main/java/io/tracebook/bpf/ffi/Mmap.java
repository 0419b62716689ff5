package io.tracebook.bpf.ffi;

import java.lang.foreign.MemorySegment;

/** Shared mappings of BPF map fds (ring buffers, global data). */
public final class Mmap {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30;
    private static final long PAGE_SIZE = LibC.sysconf(SC_PAGESIZE);

    private Mmap() {
    }

    public static long pageSize() {
        return PAGE_SIZE;
    }

    /** Maps {@code length} bytes of {@code fd} from {@code offset}, shared; null when the kernel refuses (see {@link Errno#last()}). */
    public static MemorySegment map(int fd, long length, int protection, long offset) {
        MemorySegment address = LibC.mmap(MemorySegment.NULL, length, protection, MAP_SHARED, fd, offset);
        return address.address() == -1L ? null : address.reinterpret(length);
    }

    public static void unmap(MemorySegment mapping) {
        LibC.munmap(mapping, mapping.byteSize());
    }

    public static long roundUpToPages(long bytes) {
        return (bytes + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }
}
