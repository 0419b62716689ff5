package io.tracebook.kernel;

import java.util.function.BiConsumer;

/**
 * What the Tracebook kernel offers an extension beyond jjava-jupyter's {@code BaseKernel}: a say in
 * each cell's life. An extension asks {@code kernel instanceof KernelHooks} and, in a kernel without
 * them (a stock JJava kernel), goes without what they enable.
 */
public interface KernelHooks {

    /** Runs {@code listener} on the kernel's thread before each cell's code runs. */
    void onCellStart(Runnable listener);

    /**
     * As {@link #onCellStart}, telling {@code listener} which cell: its label as the notebook numbers it
     * ("cell [3]") and its code, as written (magics included).
     */
    void onCellStart(BiConsumer<String, String> listener);

    /**
     * Runs {@code listener} whenever the user interrupts a cell, just before the cell is stopped (on
     * Jupyter's control thread; keep it quick).
     */
    void onInterrupt(Runnable listener);

    /**
     * The line magic being evaluated now, as written after its name, quotes kept: for a magic whose arguments
     * are code (the words a magic is given have their quotes removed).
     */
    String lineMagicText();

    /** Runs {@code listener} on the kernel's thread after each cell's code ended, also after an error or a stop; its output goes to the cell. */
    void onCellEnd(Runnable listener);

    /**
     * Runs {@code listener} on the kernel's thread after a cell failed (an error; a stop is not a failure), once its
     * error is shown (and after the {@link #onCellEnd} listeners); its output goes to the cell, below the error.
     */
    void onCellFailed(Runnable listener);
}
