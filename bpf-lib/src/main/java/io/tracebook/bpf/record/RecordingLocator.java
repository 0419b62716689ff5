package io.tracebook.bpf.record;

import io.tracebook.bpf.error.RecordingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the recording a replay plays: the one named by {@code TRACEBOOK_RECORDING}; else the one beside the notebook
 * the Jupyter server names in {@code JPY_SESSION_NAME} ({@code NAME.ipynb} → {@code NAME.recording.zip}); else the
 * one recording in the working directory (where Jupyter starts a notebook's kernel), or, among several, the one
 * that recorded the cells run so far.
 */
final class RecordingLocator {
    static final String SUFFIX = ".recording.zip";

    private RecordingLocator() {
    }

    /** The recording to replay, or null when there is none to find. */
    static Path find() {
        String named = System.getenv(Backends.RECORDING);
        if (named != null && !named.isBlank()) return Path.of(named);
        String session = System.getenv("JPY_SESSION_NAME");
        Path cwd = Path.of("").toAbsolutePath();
        if (session != null && session.endsWith(".ipynb")) {
            Path notebook = Path.of(session);
            String recording = beside(notebook.getFileName().toString());
            for (Path candidate : List.of(notebook.resolveSibling(recording), cwd.resolve(recording))) {
                if (Files.isRegularFile(candidate)) return candidate;
            }
        }
        List<Path> here = recordingsIn(cwd);
        if (here.size() <= 1) return here.isEmpty() ? null : here.getFirst();
        return byCells(here);
    }

    /** {@code NAME.recording.zip} for notebook {@code NAME.ipynb}. */
    static String beside(String notebook) {
        return notebook.replaceFirst("\\.ipynb$", "") + SUFFIX;
    }

    private static List<Path> recordingsIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The recording whose cells hold the most of the cells run so far; none run yet, or a tie, cannot tell. */
    private static Path byCells(List<Path> candidates) {
        List<String> ran = Cells.ran().stream().map(Tape.Cell::code).toList();
        Path best = null;
        long bestScore = 0;
        List<Path> tied = new ArrayList<>();
        for (Path candidate : candidates) {
            long score;
            try {
                List<String> recorded = TapeReader.read(candidate).cells.stream().map(Tape.Cell::code).toList();
                score = ran.stream().filter(recorded::contains).count();
            } catch (RecordingException unreadable) {
                continue;
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
                tied.clear();
            } else if (score == bestScore && score > 0) {
                tied.add(candidate);
            }
        }
        if (best != null && tied.isEmpty()) return best;
        throw new RecordingException(null, "there are " + candidates.size() + " recordings in " + candidates.getFirst().getParent()
                + " and the cells run so far do not tell which one this notebook replays: name it, e.g. TRACEBOOK_RECORDING="
                + candidates.getFirst() + ", or call Recording.replay(Path.of(\"...\")) first");
    }
}
