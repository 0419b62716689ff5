package io.tracebook.bpf.dsl;

import io.tracebook.bpf.BpfMap;
import io.tracebook.bpf.stack.KernelSymbols;
import io.tracebook.bpf.stack.StackTraces;
import io.tracebook.bpf.stack.UserSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack ids of a one-liner named as frames, root first, joined with {@code ;} (folded): kernel frames from
 * /proc/kallsyms, user frames from the process's own files while it runs. An id the kernel could not store
 * (negative: the map was full, or no stack) reads as empty.
 */
final class StackNames {
    private final BpfMap stacks;
    private final Map<Long, UserSymbols> processes = new HashMap<>();

    StackNames(BpfMap stacks) {
        this.stacks = stacks;
    }

    String kernel(long id) {
        long[] addresses = StackTraces.addresses(stacks, id);
        if (addresses.length == 0) return "";
        KernelSymbols symbols = KernelSymbols.load();
        List<String> frames = new ArrayList<>();
        for (int i = addresses.length - 1; i >= 0; i--) frames.add(symbols.name(addresses[i]));
        return String.join(";", frames);
    }

    String user(long id, long pid) {
        long[] addresses = StackTraces.addresses(stacks, id);
        if (addresses.length == 0) return "";
        UserSymbols symbols = processes.computeIfAbsent(pid, StackNames::symbolsOrNull);
        List<String> frames = new ArrayList<>();
        for (int i = addresses.length - 1; i >= 0; i--) {
            frames.add(symbols == null ? "0x" + Long.toHexString(addresses[i]) : symbols.name(addresses[i]));
        }
        return String.join(";", frames);
    }

    private static UserSymbols symbolsOrNull(long pid) {
        try {
            return UserSymbols.of(pid);
        } catch (RuntimeException exited) {
            return null;
        }
    }

}
