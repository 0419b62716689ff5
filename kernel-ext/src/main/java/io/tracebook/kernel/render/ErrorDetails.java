package io.tracebook.kernel.render;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The exception types whose message is written for the user (a BPF error says what happened and what to do),
 * with the long form each one carries. A cell that throws one shows its message, the user's frames alone (no
 * library frames: the message already says it all), and its long form folded right below.
 */
public final class ErrorDetails {

    /** How one user-facing type is shown: its message as the notebook words it, and its long form as a fold. */
    private record View(Function<Throwable, String> message, BiFunction<Throwable, String, DisplayData> fold) {
    }

    private static final Map<Class<?>, View> VIEWS = new ConcurrentHashMap<>();

    private ErrorDetails() {
    }

    /**
     * Declares {@code type} user-facing: {@code message} gives an exception's message as a notebook shows it, and
     * {@code fold} its long form as a fold (null when it has none), given the cell whose magic threw it or null
     * (see {@link #fold}).
     */
    static <T extends Throwable> void register(Class<T> type, Function<T, String> message, BiFunction<T, String, DisplayData> fold) {
        VIEWS.put(type, new View(thrown -> message.apply(type.cast(thrown)), (thrown, cell) -> fold.apply(type.cast(thrown), cell)));
    }

    /** The message of a user-facing exception as the notebook shows it, or null when {@code thrown} is not user-facing. */
    public static String message(Throwable thrown) {
        View view = thrown == null ? null : viewOf(thrown.getClass());
        return view == null ? null : view.message().apply(thrown);
    }

    /**
     * The long form of a user-facing exception as a fold to show below its message, or null when it has none.
     *
     * @param magicCell the cell ("cell [5]") whose magic threw it: the long form names the cell's code by it
     *                  (a compile error's file, the verifier log's source lines); null for the cell's own code
     */
    public static DisplayData fold(Throwable thrown, String magicCell) {
        View view = thrown == null ? null : viewOf(thrown.getClass());
        return view == null ? null : view.fold().apply(thrown, magicCell);
    }

    private static View viewOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            View view = VIEWS.get(c);
            if (view != null) {
                return view;
            }
        }
        return null;
    }
}
