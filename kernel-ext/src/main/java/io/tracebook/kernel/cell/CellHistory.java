package io.tracebook.kernel.cell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/** The cells of this kernel session, for Jupyter's history requests (tail, range, glob search). Kept in memory. */
public final class CellHistory implements HistoryManager {

    static final int SESSION = 1;

    private record Cell(int number, String input, String output) {
    }

    private final List<Cell> cells = new ArrayList<>();

    public synchronized void add(int executionCount, String input, String output) {
        cells.add(new Cell(executionCount, input, output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        return entries(cells.subList(Math.max(0, cells.size() - length), cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != SESSION && session != 0) {
            return List.of();
        }
        return entries(cells.stream().filter(c -> c.number() >= start && (stop <= 0 || c.number() < stop)).toList(), flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern pattern = globPattern(glob);
        List<Cell> matches = cells.stream().filter(c -> pattern.matcher(c.input()).matches()).toList();
        if (flags.contains(ResultFlag.UNIQUE)) {
            Map<String, Cell> latestByInput = new LinkedHashMap<>();
            matches.forEach(c -> {
                latestByInput.remove(c.input());
                latestByInput.put(c.input(), c);
            });
            matches = List.copyOf(latestByInput.values());
        }
        if (length > 0 && matches.size() > length) {
            matches = matches.subList(matches.size() - length, matches.size());
        }
        return entries(matches, flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        return cells.stream()
                .map(c -> new HistoryEntry(SESSION, c.number(), c.input(), withOutput ? nullToEmpty(c.output()) : null))
                .toList();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** IPython's history globs: {@code *} any text, {@code ?} one character, across lines. */
    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
