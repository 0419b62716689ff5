package io.tracebook.kernel.cell;

import java.util.List;

/**
 * Why a cell failed, already worded for the notebook: Jupyter shows {@link #traceback()} (and
 * jjava-jupyter uses the class's simple name as the error name), not a Java stack trace of the kernel.
 */
public abstract sealed class CellError extends RuntimeException
        permits CellError.CompileError, CellError.CellException, CellError.Interrupted, CellError.MagicError {

    private final List<String> traceback;

    private CellError(String message, List<String> traceback) {
        super(message, null, false, false);
        this.traceback = List.copyOf(traceback);
    }

    public List<String> traceback() {
        return traceback;
    }

    /** javac rejected a snippet. */
    static final class CompileError extends CellError {
        CompileError(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The cell's code, or a magic it ran, threw. */
    public static final class CellException extends CellError {
        private final transient Throwable thrown;
        private final String magicCell;

        CellException(String message, List<String> traceback, Throwable thrown, String magicCell) {
            super(message, traceback);
            this.thrown = thrown;
            this.magicCell = magicCell;
        }

        /**
         * A user-facing exception (one whose message is written for the user) thrown by the code of the cell
         * magic that ran in {@code cell} ("cell [5]"): shown as {@code message}, naming the cell.
         */
        public static CellException fromMagic(Throwable thrown, String message, String cell) {
            return ErrorReports.magicException(thrown, message, cell);
        }

        /** The exception object the cell threw, when the kernel caught it (null for nested evaluations). */
        public Throwable thrown() {
            return thrown;
        }

        /** The cell whose magic threw, for an exception from a cell magic's code; null for one from the cell's own code. */
        public String magicCell() {
            return magicCell;
        }
    }

    /** The user pressed stop. */
    public static final class Interrupted extends CellError {
        Interrupted(String message) {
            super(message, List.of(Ansi.red("Interrupted: ") + message));
        }
    }

    /** A magic command failed or does not exist. */
    public static final class MagicError extends CellError {
        public MagicError(String message) {
            super(message, List.of(Ansi.red("Magic failed: ") + message));
        }
    }
}
