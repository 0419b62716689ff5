package io.tracebook.kernel.bpf;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.kernel.render.Displays;


/**
 * Where a live view draws in a notebook: its first frame is a display of the cell that started the
 * view, every later frame an update of that display, sent (throttled) also after the cell returned.
 */
final class NotebookSurface implements LiveSurface {

    private volatile String displayId;

    @Override
    public void show(Object frame) {
        displayId = Displays.display(frame);
    }

    @Override
    public void update(Object frame) {
        String id = displayId;
        if (id == null) {
            show(frame);
        } else {
            Displays.update(id, frame);
        }
    }
}
