package io.tracebook.kernel;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.function.BooleanSupplier;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's connection with shell and control channels that wake when a request arrives. jjava-jupyter's own
 * look for a request, then sleep 50 ms: every request waited up to 50 ms before the kernel read it, and a front
 * end that sends the next request when the last one ends (Run All, a client's {@code execute}) waited nearly all
 * of it each time, more than JShell's compile of a small cell. These wait in ZeroMQ's poll instead, which returns
 * as a request arrives. The heartbeat, stdin and IOPub channels are jjava-jupyter's.
 */
final class KernelConnection extends JupyterConnection {

    /** How long a channel's poll waits before it checks whether the connection closes: a closing waits at most this. */
    private static final long POLL_MILLIS = 100;
    /**
     * How long the shell channel must have had no request before it runs idle work: longer than the gap between the
     * requests of a front end that sends the next one when the last one ends (Run All), so that those never wait for
     * a step. Once started, the steps run back to back, each after a look for a request.
     */
    private static final long IDLE_MILLIS = 50;

    /** The channels' own ZeroMQ context: the one of jjava-jupyter's connection is private to it. */
    private final ZMQ.Context context = ZMQ.context(1);
    private final WakingShellChannel shellChannel;
    private final WakingShellChannel controlChannel;

    KernelConnection(KernelConnectionProperties properties) throws NoSuchAlgorithmException, InvalidKeyException {
        super(properties);
        shellChannel = new WakingShellChannel(context, properties, properties.createHMACGenerator(), false, this);
        controlChannel = new WakingShellChannel(context, properties, properties.createHMACGenerator(), true, this);
    }

    /**
     * Gives the shell channel work for the times it has no request: {@code step} runs one short step on the
     * channel's own thread (so it never runs beside a request's handling) and returns whether steps remain. After
     * {@value #IDLE_MILLIS} ms without a request the steps run one after another, with a look for a request before
     * each: a request waits for at most the step under way.
     */
    void whenIdle(BooleanSupplier step) {
        shellChannel.idleWork = step;
    }

    /** Binds the channels; jjava-jupyter's shell and control sockets stay unbound. */
    @Override
    public void connect() {
        heartbeat.bind(shellChannel.properties);
        shellChannel.bind();
        controlChannel.bind();
        stdin.bind(shellChannel.properties);
        iopub.bind(shellChannel.properties);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public void close() {
        shellChannel.close();
        controlChannel.close();
        super.close();
    }

    /**
     * Returns once the connection is closed. The channels' context is ended here, not in {@link #close()}: a
     * shutdown request closes the connection from the shell channel's own thread, which closes its socket only
     * after that, and ending a context waits for its sockets.
     */
    @Override
    public void waitUntilClose() {
        shellChannel.waitUntilClose();
        controlChannel.waitUntilClose();
        super.waitUntilClose();
        context.close();
    }

    /**
     * A shell (or control) socket served by a thread of its own that handles each request as jjava-jupyter's
     * {@code ShellChannel} does, waiting in a poll between requests. Only that thread touches the socket (ZeroMQ
     * sockets are not thread-safe): {@link #close()} asks it to stop and waits for it to close the socket.
     */
    private static final class WakingShellChannel extends ShellChannel {
        private final KernelConnectionProperties properties;
        private final boolean isControl;
        private final JupyterConnection connection;
        private final Thread loop;
        private volatile boolean running = true;
        /** One step of work for when no request comes (null: none); see {@link KernelConnection#whenIdle}. */
        private volatile BooleanSupplier idleWork;

        WakingShellChannel(ZMQ.Context context, KernelConnectionProperties properties, HMACGenerator hmac, boolean isControl,
                JupyterConnection connection) {
            super(context, hmac, isControl, connection);
            this.properties = properties;
            this.isControl = isControl;
            this.connection = connection;
            this.loop = Thread.ofPlatform().name(isControl ? "control-channel" : "shell-channel").unstarted(this::serve);
        }

        void bind() {
            bind(properties);
        }

        @Override
        public void bind(KernelConnectionProperties connectionProperties) {
            int port = isControl ? connectionProperties.getControlPort() : connectionProperties.getShellPort();
            bind(connectionProperties.getTransport() + "://" + connectionProperties.getIp() + ":" + port);
            loop.start();
        }

        private void serve() {
            try (ZMQ.Poller poller = ctx.poller(1)) {
                poller.register(this, ZMQ.Poller.POLLIN);
                boolean stepping = false; // idle work under way: look for a request without waiting
                while (running) {
                    BooleanSupplier idle = idleWork;
                    if (poller.poll(idle == null ? POLL_MILLIS : stepping ? 0 : IDLE_MILLIS) > 0) {
                        stepping = false;
                        if (running) {
                            handle(readMessage());
                        }
                    } else if (idle != null && running) {
                        stepping = idle.getAsBoolean();
                        if (!stepping) {
                            idleWork = null;
                        }
                    }
                }
            } finally {
                super.close();
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void handle(Message message) {
            ShellHandler handler = connection.getHandler(message.getHeader().getType());
            if (handler == null) {
                logger.warn("Unhandled message: {}", message.getHeader().getType().getName());
                return;
            }
            ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
            try {
                handler.handle(env, message);
            } catch (Exception e) {
                logger.warn("Unhandled exception handling {}. {} - {}", message.getHeader().getType().getName(),
                        e.getClass().getSimpleName(), e.getLocalizedMessage());
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                connection.close();
            }
        }

        /** Stops the thread; it closes the socket. From another thread, returns once it has (within a poll's wait). */
        @Override
        public void close() {
            running = false;
            if (Thread.currentThread() != loop) {
                waitUntilClose();
            }
        }

        @Override
        public void waitUntilClose() {
            if (loop.isAlive()) {
                try {
                    loop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
