package io.tracebook.bpf.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.KernelAccess;
import io.tracebook.bpf.Workload;
import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stack ids from bpf_get_stackid, read back from a STACK_TRACE map and named. */
class StackTracesTest {
    private static final String SRC = """
            STACK_TRACE(stacks, 1024);
            ARRAY(not_stacks, u64, 1);
            s64 kernel_id = -1;

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_enter(void *ctx) {
                char comm[16];
                bpf_get_current_comm(comm, sizeof(comm));
                if (*(u64 *)comm != 0x64616f6c6b726f77ULL /* "workload" */ || comm[8]) return 0;
                kernel_id = bpf_get_stackid(ctx, &stacks, 0);
                return 0;
            }
            """;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void aKernelStackOfASyscallIsReadAndNamed() throws Exception {
        try (var o = Bpf.c(SRC).load().attach()) {
            Workload.run("getppid", "1");
            long id = ((Number) o.global("kernel_id").get()).longValue();
            assertTrue(id >= 0, "bpf_get_stackid gave " + id);
            long[] addresses = StackTraces.addresses(o.map("stacks"), id);
            assertTrue(addresses.length >= 2 && addresses.length < 127, addresses.length + " frames");
            List<String> names = new ArrayList<>();
            for (long a : addresses) names.add(KernelSymbols.load().name(a));
            assertTrue(names.contains("do_syscall_64"), names.toString());
            assertEquals(0, StackTraces.addresses(o.map("stacks"), -14).length, "an error id (-EFAULT) has no frames");
            assertEquals(0, StackTraces.addresses(o.map("stacks"), id + 1000).length, "an unknown id has no frames");
            BpfException e = assertThrows(BpfException.class, () -> StackTraces.addresses(o.map("not_stacks"), 0));
            assertTrue(e.getMessage().contains("STACK_TRACE(not_stacks, n)"), e.getMessage());
        }
    }
}
