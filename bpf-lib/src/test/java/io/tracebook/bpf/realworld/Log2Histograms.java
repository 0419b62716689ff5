package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * Two log2 histograms of the same events, each measured by another program reading the clock a microsecond or so
 * apart: the totals are equal, and an event can only land in the bucket next to the other's, when its value lies
 * that close to a power of two.
 */
final class Log2Histograms {
    /** bcc's log2 histogram lines: "low -> high : count |***|". */
    private static final Pattern BCC_ROW = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)", Pattern.MULTILINE);

    private Log2Histograms() {
    }

    /** Non-empty buckets of a table of {@code Hist}, by their low edge. */
    static Map<Long, Long> of(Table hist) {
        Map<Long, Long> counts = new TreeMap<>();
        for (int row = 0; row < hist.rowCount(); row++) {
            long n = hist.longColumn("count").get(row);
            if (n > 0) counts.merge(hist.longColumn("low").get(row), n, Long::sum);
        }
        return counts;
    }

    /** Non-empty buckets of bcc's printed histograms (several added up), by their low edge. */
    static Map<Long, Long> ofBcc(String printed) {
        Map<Long, Long> counts = new TreeMap<>();
        Matcher m = BCC_ROW.matcher(printed);
        while (m.find()) {
            long n = Long.parseLong(m.group(3));
            if (n > 0) counts.merge(Long.parseLong(m.group(1)), n, Long::sum);
        }
        return counts;
    }

    static long total(Map<Long, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Equal totals, and below every bucket edge the counts differ by no more than what the two buckets beside that edge
     * hold: what crossed an edge came from, or went to, a neighbouring bucket.
     */
    static void assertSameEvents(Map<Long, Long> ours, Map<Long, Long> theirs, String what) {
        assertEquals(total(ours), total(theirs), what + ": the same events, ours " + ours + ", theirs " + theirs);
        TreeSet<Long> edges = new TreeSet<>(ours.keySet());
        edges.addAll(theirs.keySet());
        long oursBelow = 0;
        long theirsBelow = 0;
        Long previous = null;
        for (long edge : edges) {
            if (previous != null) {
                long neighbours = Math.max(ours.getOrDefault(previous, 0L) + ours.getOrDefault(edge, 0L),
                        theirs.getOrDefault(previous, 0L) + theirs.getOrDefault(edge, 0L));
                assertTrue(Math.abs(oursBelow - theirsBelow) <= neighbours,
                        what + ": below " + edge + " ours " + oursBelow + ", theirs " + theirsBelow + "; ours " + ours + ", theirs " + theirs);
            }
            oursBelow += ours.getOrDefault(edge, 0L);
            theirsBelow += theirs.getOrDefault(edge, 0L);
            previous = edge;
        }
    }
}
