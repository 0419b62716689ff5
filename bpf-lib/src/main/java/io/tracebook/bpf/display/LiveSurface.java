package io.tracebook.bpf.display;

import java.util.function.Supplier;

/**
 * Where a live view ({@code EventStream.live}, {@link PolledView}) draws: the terminal by default; the
 * Jupyter kernel installs one that redraws a notebook output in place ({@code display_data} then
 * {@code update_display_data}).
 */
public interface LiveSurface {
    /** Draws the first frame. */
    void show(Object frame);

    /** Replaces the previous frame. */
    void update(Object frame);

    /** Where new live views draw; the kernel extension replaces the terminal default. */
    static void install(Supplier<LiveSurface> factory) {
        LiveSurfaces.factory = factory;
    }

    static LiveSurface create() {
        return LiveSurfaces.factory.get();
    }
}

final class LiveSurfaces {
    static volatile Supplier<LiveSurface> factory = () -> new TerminalSurface(System.out);

    private LiveSurfaces() {
    }
}
