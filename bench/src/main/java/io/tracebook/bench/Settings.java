package io.tracebook.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long and how often each benchmark runs. The full settings take a few minutes; the smoke
 * settings only check, in seconds, that every benchmark still runs and prints its row.
 *
 * @param runs           runs per ingest/drain figure (the median is reported)
 * @param ingestSeconds  how long the load generator runs per ingest run
 * @param drainRingBytes size of the pre-filled ring buffer the drain figure empties
 * @param compileRuns    runs per warm-compile and unchanged-re-run figure
 * @param firstRuns      runs of the first-ever compile (each a fresh JVM on an empty cache)
 * @param mapRuns        reads of the 10k-entry map
 * @param liveSeconds    how long the load generator runs under a live view
 * @param liveWindow     the live view's window
 * @param kernelRuns     kernel starts, and runs of each %%bpf cell and live chart in the kernel (cells: four times as many)
 */
public record Settings(boolean smoke, int runs, double ingestSeconds, int drainRingBytes, int compileRuns,
                       int firstRuns, int mapRuns, double liveSeconds, Duration liveWindow, int kernelRuns, Path sources, Path work) {
    /**
     * How long before each timed run of a new snippet or cell nothing happens, as while a user writes the next cell:
     * the compiler starts the next clang meanwhile (README "Compile") and the kernel warms javac up. Runs back to back
     * gain nothing from either and lose nothing (BENCHMARKS.md); the C references run their clang afresh either way.
     */
    public static final Duration BETWEEN_CELLS = Duration.ofMillis(500);

    /** Waits {@link #BETWEEN_CELLS}. */
    public static void pauseBetweenCells() {
        try {
            Thread.sleep(BETWEEN_CELLS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Settings full(Path sources, Path work) {
        return new Settings(false, 5, 2.0, 256 << 20, 9, 3, 11, 6.0, Duration.ofSeconds(2), 5, sources, work);
    }

    public static Settings smoke(Path sources, Path work) {
        return new Settings(true, 1, 0.2, 16 << 20, 2, 1, 3, 0.3, Duration.ofMillis(200), 2, sources, work);
    }
}
