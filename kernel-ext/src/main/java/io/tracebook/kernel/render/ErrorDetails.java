package io.tracebook.kernel.render;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The exception types whose message is written for the user (a BPF error says what happened and what to do),
 * with the long form each one carries. A cell that throws one shows its message, the user's frames alone (no
 * library frames: the message already says it all), and its long form folded right below.
 */
public final class ErrorDetails {

    private static final Map<Class<?>, BiFunction<Throwable, String, DisplayData>> FOLDS = new ConcurrentHashMap<>();

    private ErrorDetails() {
    }

    /**
     * Declares {@code type} user-facing; {@code fold} gives an exception's long form as a fold (null when it has
     * none), given the cell whose magic threw it or null (see {@link #fold}).
     */
    static <T extends Throwable> void register(Class<T> type, BiFunction<T, String, DisplayData> fold) {
        FOLDS.put(type, (thrown, cell) -> fold.apply(type.cast(thrown), cell));
    }

    /** Whether {@code thrown} is of a user-facing type. */
    public static boolean covers(Throwable thrown) {
        return thrown != null && foldFor(thrown.getClass()) != null;
    }

    /**
     * The long form of a user-facing exception as a fold to show below its message, or null when it has none.
     *
     * @param magicCell the cell ("cell [5]") whose magic threw it: the long form names the cell's code by it
     *                  (a compile error's file, the verifier log's source lines); null for the cell's own code
     */
    public static DisplayData fold(Throwable thrown, String magicCell) {
        BiFunction<Throwable, String, DisplayData> fold = thrown == null ? null : foldFor(thrown.getClass());
        return fold == null ? null : fold.apply(thrown, magicCell);
    }

    private static BiFunction<Throwable, String, DisplayData> foldFor(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            BiFunction<Throwable, String, DisplayData> fold = FOLDS.get(c);
            if (fold != null) {
                return fold;
            }
        }
        return null;
    }
}
