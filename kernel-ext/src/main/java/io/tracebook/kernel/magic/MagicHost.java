package io.tracebook.kernel.magic;

import java.nio.file.Path;
import java.util.List;

/** What the magics need from the kernel they run in; the kernel implements it and registers them with itself. */
public interface MagicHost {

    /** Adds jars and class directories to the session. */
    void addToClasspath(List<Path> entries);

    /** Runs code as a cell runs, its errors named by {@code sourceName}'s lines; returns the last part's value. */
    Object run(String code, String sourceName);

    /** Whether the user pressed stop during the running cell. */
    boolean isInterrupted();
}
