package io.tracebook.bpf.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Symbols sorted by address, found by binary search: an address belongs to the last symbol that
 * starts at or below it, as long as it lies within that symbol's size (a size of 0, as in
 * /proc/kallsyms, reaches up to the next symbol).
 */
final class SymbolTable {
    private final long[] starts;
    private final long[] ends;
    private final String[] names;

    private SymbolTable(long[] starts, long[] ends, String[] names) {
        this.starts = starts;
        this.ends = ends;
        this.names = names;
    }

    /** The symbol containing {@code address}, or null. Addresses compare unsigned (kernel ones are "negative"). */
    String find(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Long.compareUnsigned(address, ends[found]) >= 0) return null;
        return names[found];
    }

    int size() {
        return starts.length;
    }

    /** Collects symbols in any order; {@link #build} sorts them. */
    static final class Builder {
        private record Entry(long start, long size, String name) {
        }

        private final List<Entry> entries = new ArrayList<>();

        void add(long start, long size, String name) {
            entries.add(new Entry(start, size, name));
        }

        SymbolTable build() {
            Entry[] sorted = entries.toArray(Entry[]::new);
            // at one address the sized symbol wins over an alias without size, then the first name
            Arrays.sort(sorted, (a, b) -> a.start != b.start ? Long.compareUnsigned(a.start, b.start) : Long.compare(b.size, a.size));
            List<Entry> unique = new ArrayList<>();
            for (Entry e : sorted) if (unique.isEmpty() || unique.getLast().start != e.start) unique.add(e);
            int n = unique.size();
            long[] starts = new long[n];
            long[] ends = new long[n];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                Entry e = unique.get(i);
                starts[i] = e.start;
                names[i] = e.name;
                long next = i + 1 < n ? unique.get(i + 1).start : -1L;
                ends[i] = e.size > 0 ? e.start + e.size : next;
            }
            return new SymbolTable(starts, ends, names);
        }
    }
}
