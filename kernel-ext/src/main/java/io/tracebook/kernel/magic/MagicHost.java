package io.tracebook.kernel.magic;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** What the magics need from the kernel they run in; the kernel implements it and registers them with itself. */
public interface MagicHost {

    /** Adds jars and class directories to the session. */
    void addToClasspath(List<Path> entries);

    /** Runs code as a cell runs, its errors named by {@code sourceName}'s lines; returns the last part's value. */
    Object run(String code, String sourceName);

    /** Whether the user pressed stop during the running cell. */
    boolean isInterrupted();

    /**
     * Runs a magic's work where the cell's code runs, so that the stop button stops it as it stops the cell's code;
     * returns its result, and what it throws comes out as it was thrown.
     */
    <T> T call(Supplier<T> work);

    /**
     * Gives the session's variable {@code name}, of {@code type}, the value {@code value}: in place when the session
     * has such a variable (nothing is compiled), declared when it has none.
     */
    void bind(String name, Class<?> type, Object value);
}
