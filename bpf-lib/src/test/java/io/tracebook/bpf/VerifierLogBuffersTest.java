package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Verifier log buffers are reused from load to load, and each load starts with an empty log. */
class VerifierLogBuffersTest {
    @Test
    void aReusedBufferStartsEmpty() {
        MemorySegment first = VerifierLogBuffers.take();
        first.setString(0, "0: R1=ctx() R10=fp0\ninvalid mem access 'map_value_or_null'");
        VerifierLogBuffers.release(first);

        MemorySegment again = VerifierLogBuffers.take();
        try {
            assertSame(first, again, "the buffer is reused, not allocated and zero-filled again");
            assertEquals("", again.getString(0), "a load that writes no log must not read the last one's");
        } finally {
            VerifierLogBuffers.release(again);
        }
    }
}
