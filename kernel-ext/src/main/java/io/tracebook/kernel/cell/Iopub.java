package io.tracebook.kernel.cell;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;

/**
 * Publishes on the IOPub channel from any thread, parented to a given cell. jjava-jupyter only
 * publishes through the reply environment of the request being handled, which is gone once a cell returned.
 */
public final class Iopub {

    private volatile JupyterSocket socket;

    public void connect(JupyterSocket iopubSocket) {
        socket = iopubSocket;
    }

    /** Sends {@code content} as a child of the cell's request; dropped when no front end is connected yet. */
    public <T extends ContentType<T>> void publish(CellContext cell, T content) {
        JupyterSocket target = socket;
        if (target != null && cell != null) {
            // JupyterSocket.sendMessage is synchronized: the shell thread publishes on the same socket.
            target.sendMessage(new Message<>(cell.request(), content.getType(), content));
        }
    }
}
