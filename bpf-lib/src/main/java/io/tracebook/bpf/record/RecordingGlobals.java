package io.tracebook.bpf.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A section of globals while recording: the kernel's memory, every read kept. */
final class RecordingGlobals implements GlobalMemory {
    private final Recorder recorder;
    private final int index;
    private final GlobalMemory kernel;

    RecordingGlobals(Recorder recorder, int index, GlobalMemory kernel) {
        this.recorder = recorder;
        this.index = index;
        this.kernel = kernel;
    }

    @Override
    public MemorySegment read(String name, long offset, long size) {
        MemorySegment value = kernel.read(name, offset, size);
        if (recorder.keeps()) {
            // a copy: the kernel may change the value between the recording and the caller's decoding
            MemorySegment copy = MemorySegment.ofArray(value.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE));
            recorder.write(RecordType.GLOBAL_READ, out -> {
                out.putInt(index);
                out.putString(name);
                out.putBlob(copy, 0, size);
            });
            return copy;
        }
        return value;
    }

    @Override
    public MemorySegment writable(String name, long offset, long size) {
        return kernel.writable(name, offset, size);
    }
}
