package io.tracebook.kernel;

import io.tracebook.kernel.cell.CellContext;
import io.tracebook.kernel.cell.CellError;
import io.tracebook.kernel.cell.CellEvaluator;
import io.tracebook.kernel.cell.CellHistory;
import io.tracebook.kernel.cell.CellParts;
import io.tracebook.kernel.cell.CellStreams;
import io.tracebook.kernel.cell.CodeAssist;
import io.tracebook.kernel.cell.Iopub;
import io.tracebook.kernel.cell.JavacWarmup;
import io.tracebook.kernel.cell.JavadocSources;
import io.tracebook.kernel.cell.ReplNames;
import io.tracebook.kernel.exec.CellExecutionControl;
import io.tracebook.kernel.exec.CellExecutionProvider;
import io.tracebook.kernel.magic.ClasspathMagic;
import io.tracebook.kernel.magic.LoadMagic;
import io.tracebook.kernel.magic.MagicHost;
import io.tracebook.kernel.magic.MavenMagic;
import io.tracebook.kernel.render.Displays;
import io.tracebook.kernel.render.ErrorDetails;
import io.tracebook.kernel.render.LiveDisplays;
import io.tracebook.kernel.render.Notebook;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * A Jupyter kernel for Java: JShell with the cell code running in this JVM (see
 * {@link CellExecutionControl} for why), on jjava-jupyter's messaging. Adds what the stock pieces
 * lack: output and display updates from background threads, a stop button that stops busy loops,
 * errors that point at the cell's line, and extensions found on the class path, which get the
 * {@link KernelHooks}.
 */
public final class TracebookKernel extends BaseKernel implements KernelHooks, MagicHost {

    /**
     * Imports every session starts with: JShell 25's own default and the notebook functions. The BPF
     * extension adds the library's packages and the rest of {@code bpf.jsh}'s imports.
     */
    private static final List<String> STARTUP_IMPORTS = List.of(
            "import module java.base;",
            "import static " + Notebook.class.getName() + ".*;");

    /** The imports every session starts with, before any extension's (the bench compiles with the same). */
    public static List<String> startupImports() {
        return STARTUP_IMPORTS;
    }

    private static final Duration DISPLAY_UPDATE_INTERVAL = Duration.ofMillis(250);

    /** JShell and what runs cells on it, built in the background while the kernel already answers (see {@link #main}). */
    private record Engine(JShell shell, CellExecutionControl control, CellEvaluator evaluator, CodeAssist assist, JavacWarmup warmup) {
    }

    private final CompletableFuture<Engine> engine = new CompletableFuture<>();
    /** Done when the session's imports and the extensions are in place too: cells, completion and inspection wait for it. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CellHistory history;
    private final Iopub iopub;
    private final CellStreams streams;
    private final LiveDisplays liveDisplays;
    private final List<Runnable> interruptListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cellStartListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> cellCodeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cellEndListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cellFailedListeners = new CopyOnWriteArrayList<>();
    private volatile CellContext latestCell;
    private volatile String lineMagicText = "";
    private String lastOutputText;
    /** The long form of the error the running cell threw, shown folded below its error output. */
    private DisplayData errorFold;
    /** Whether the running cell failed (an error, not a stop): its {@link #onCellFailed} listeners run after its error is shown. */
    private boolean cellFailed;

    private TracebookKernel(CellHistory history, Renderer renderer, MagicsRegistry magics, Iopub iopub, CellStreams streams) {
        super("tracebook", version(), languageInfo(), helpLinks(), history, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), renderer, new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), magics,
                true, errorStyler());
        this.history = history;
        this.iopub = iopub;
        this.streams = streams;
        System.setIn(io.in); // reads ask the front end (input_request) while a cell runs
        this.liveDisplays = new LiveDisplays(renderer, iopub, streams, () -> latestCell, DISPLAY_UPDATE_INTERVAL);
        Displays.install(liveDisplays);
        magics.registerLineMagic("classpath", new ClasspathMagic(this));
        magics.registerLineMagic("jars", new ClasspathMagic(this));
        magics.registerLineMagic("maven", new MavenMagic(this));
        magics.registerLineMagic("load", new LoadMagic(this));
    }

    /**
     * Builds the kernel: output routing, the built-in magics, the messaging. JShell and the session (its imports,
     * the extensions found on the class path) come from {@link #startSession()}, which {@link #main} runs once the
     * kernel answers.
     */
    public static TracebookKernel create() {
        PrintStream kernelOut = System.out;
        PrintStream kernelErr = System.err;
        Iopub iopub = new Iopub();
        CellStreams streams = new CellStreams(iopub, kernelOut, kernelErr);
        System.setOut(streams.out());
        System.setErr(streams.err());
        return new TracebookKernel(new CellHistory(), new Renderer(), new MagicsRegistry(), iopub, streams);
    }

    /**
     * Builds JShell with the default imports and installs the extensions found on the class path, on a thread of
     * its own; cells, completion and inspection wait for it, kernel_info does not. Returns at once.
     */
    public void startSession() {
        Thread.ofPlatform().name("kernel-start").start(() -> {
            try {
                String noJavadoc = JavadocSources.install(System.getProperty("java.class.path"));
                if (noJavadoc != null) {
                    streams.kernelErr().println(noJavadoc);
                }
                CellExecutionProvider provider = new CellExecutionProvider();
                JShell shell = JShell.builder().executionEngine(provider, Map.of()).build();
                shell.addToClasspath(System.getProperty("java.class.path"));
                for (String startupImport : STARTUP_IMPORTS) {
                    requireValid(shell.eval(startupImport), startupImport);
                }
                engine.complete(new Engine(shell, provider.control(), new CellEvaluator(shell, provider.control(), ErrorDetails::message),
                        new CodeAssist(shell.sourceCodeAnalysis(), magicsRegistry::getLineMagicNames, magicsRegistry::getCellMagicNames),
                        new JavacWarmup(shell.sourceCodeAnalysis())));
                onStartup();
                ready.complete(null);
            } catch (RuntimeException | LinkageError e) {
                engine.completeExceptionally(e);
                ready.completeExceptionally(e);
                streams.kernelErr().println("the kernel could not start JShell: " + e);
                e.printStackTrace(streams.kernelErr());
            }
        });
    }

    private static void requireValid(List<SnippetEvent> events, String code) {
        if (events.isEmpty() || events.getFirst().status() != Snippet.Status.VALID) {
            throw new IllegalStateException("the kernel's startup code does not compile: " + code);
        }
    }

    /**
     * Runs the kernel on the connection file Jupyter passes: {@code TracebookKernel CONNECTION_FILE}. It answers
     * as soon as its sockets are bound (the notebook says "Kernel ready") and builds the session meanwhile: a
     * first cell waits for the rest of the start, which needs the CPU the answer would otherwise wait for.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java " + TracebookKernel.class.getName() + " CONNECTION_FILE  (Jupyter starts it so, see kernel.json)");
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        TracebookKernel kernel = create();
        KernelConnection connection = new KernelConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.startSession();
        kernel.ready.thenRun(() -> connection.whenIdle(kernel::warmUpStep));
        connection.waitUntilClose();
        System.exit(0);
    }

    /**
     * While the kernel waits for the user, one step of warming javac up ({@link JavacWarmup}), from when the session
     * is ready; returns whether steps remain. A step that fails ends the warm-up: it only costs the cells' speed.
     */
    private boolean warmUpStep() {
        try {
            return engine().warmup().step();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The engine once JShell is built; cells' callers reach it only after {@link #awaitReady()}. */
    private Engine engine() {
        return engine.join();
    }

    /** Waits for the session's start to end; says why it failed, if it did. */
    void awaitReady() {
        try {
            ready.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the kernel could not start its Java session (" + e.getCause()
                    + "); the terminal running Jupyter shows why. Restart the kernel once that is fixed", e.getCause());
        }
    }

    /**
     * Runs code the way a cell runs: Java and magics in order, errors by {@code sourceName}'s lines.
     * Returns the value of the last part (null if it has none); a value of null comes back as the text "null".
     */
    @Override
    public Object run(String code, String sourceName) {
        Object last = null;
        for (CellParts.Part part : CellParts.parse(code, sourceName)) {
            last = switch (part) {
                case CellParts.Java java -> {
                    CellEvaluator.Value value = engine().evaluator().eval(java.source());
                    yield value == null ? null : value.object() == null ? new DisplayData("null") : value.object();
                }
                case CellParts.LineMagic magic -> {
                    lineMagicText = magic.text();
                    yield runMagic(() -> magicsRegistry.evalLineMagic(this, magic.name(), magic.args()), magic.name());
                }
                case CellParts.CellMagic magic -> runMagic(() -> magicsRegistry.evalCellMagic(this, magic.name(), magic.args(), magic.body()), magic.name());
            };
        }
        return last;
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private Object runMagic(MagicCall call, String name) {
        try {
            return call.call();
        } catch (UndefinedMagicException e) {
            throw new CellError.MagicError("there is no magic %" + name + "; known: %"
                    + String.join(" %", magicsRegistry.getLineMagicNames().stream().sorted().toList())
                    + (magicsRegistry.getCellMagicNames().isEmpty() ? ""
                    : " and %%" + String.join(" %%", magicsRegistry.getCellMagicNames().stream().sorted().toList())));
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            String message = ErrorDetails.message(e);
            if (message != null) {
                throw CellError.CellException.fromMagic(e, message, cellName());
            }
            throw new CellError.MagicError("%" + name + ": " + e.getMessage());
        }
    }

    /** Adds jars and class directories to the session, then installs any extensions they declare. */
    @Override
    public void addToClasspath(List<Path> entries) {
        String classpath = entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        engine().shell().addToClasspath(classpath);
        // Libraries that scan the class path read this property: keep it one well-formed path list (JJava #107).
        System.setProperty("java.class.path", System.getProperty("java.class.path") + File.pathSeparator + classpath);
        installExtensions(classpath);
    }

    @Override
    public void onInterrupt(Runnable listener) {
        interruptListeners.add(listener);
    }

    @Override
    public String lineMagicText() {
        return lineMagicText;
    }

    @Override
    public void onCellStart(Runnable listener) {
        cellStartListeners.add(listener);
    }

    @Override
    public void onCellStart(BiConsumer<String, String> listener) {
        cellCodeListeners.add(listener);
    }

    @Override
    public void onCellEnd(Runnable listener) {
        cellEndListeners.add(listener);
    }

    @Override
    public void onCellFailed(Runnable listener) {
        cellFailedListeners.add(listener);
    }

    @Override
    public boolean isInterrupted() {
        return engine().evaluator().isInterrupted();
    }

    @Override
    public <T> T call(Supplier<T> work) {
        return engine().evaluator().call(work);
    }

    @Override
    public void bind(String name, Class<?> type, Object value) {
        engine().evaluator().bind(name, type, value);
    }

    /** The JShell instance of the session, for extensions that define code or look up snippets. */
    public JShell shell() {
        return engine().shell();
    }

    @Override
    public Object evalRaw(String code) {
        return run(code, cellName());
    }

    /** How messages name the running cell: "cell [5]", as the notebook numbers it. */
    private static String cellName() {
        CellContext cell = CellContext.current();
        return cell == null ? "startup code" : "cell [" + cell.executionCount() + "]";
    }

    @Override
    public DisplayData eval(String code) {
        awaitReady();
        CellContext cell = CellContext.current();
        CellEvaluator evaluator = engine().evaluator();
        evaluator.startCell();
        lastOutputText = null;
        cellStartListeners.forEach(Runnable::run);
        String label = cell == null ? "startup code" : "cell [" + cell.executionCount() + "]";
        cellCodeListeners.forEach(listener -> listener.accept(label, code));
        try {
            Object value = evalRaw(code);
            if (value == null) {
                return null;
            }
            DisplayData result = value instanceof DisplayData data ? data : renderer.render(value);
            Object text = result.getData(MIMEType.TEXT_PLAIN);
            if (text instanceof String plain) {
                lastOutputText = ReplNames.expunge(plain);
                result.putText(lastOutputText);
            }
            return result;
        } catch (CellError.CellException e) {
            errorFold = ErrorDetails.fold(e.thrown(), e.magicCell());
            cellFailed = true;
            throw e;
        } catch (RuntimeException e) {
            cellFailed = !(e instanceof CellError.Interrupted);
            throw e;
        } finally {
            evaluator.finishCell(System.err);
            cellEndListeners.forEach(Runnable::run);
            streams.flush(cell);
            liveDisplays.flushPending(cell);
        }
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> request) {
        CellContext cell = new CellContext(request, executionCount.get());
        latestCell = cell;
        CellContext.enter(cell);
        errorFold = null;
        cellFailed = false;
        try {
            super.handleExecuteRequest(env, request);
            // Right below the error output that jjava-jupyter has just published, before the reply.
            if (errorFold != null) {
                iopub.publish(cell, new PublishDisplayData(errorFold));
            }
            if (cellFailed) {
                cellFailedListeners.forEach(Runnable::run);
                streams.flush(cell);
            }
        } finally {
            CellContext.leave();
        }
        ExecuteRequest content = request.getContent();
        if (content.shouldStoreHistory() && !content.isSilent()) {
            history.add(cell.executionCount(), content.getCode(), lastOutputText);
        }
    }

    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        // System.out and System.err stay routed by CellStreams for the kernel's whole life.
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, (env, request) -> StatusReplies.commInfo(env, commManager, request.getContent()));
        iopub.connect(connection.getIOPub());
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new StatusReplies.KernelInfo(this));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> request) {
        StatusReplies.history(env, history, request.getContent());
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> request) {
        env.setBusyDeferIdle();
        env.defer().reply(new StatusReplies.Interrupt());
        interrupt();
    }

    /** A broken extension costs its own features, not the kernel: the failure is reported and the session goes on. */
    @Override
    protected void installExtension(Extension extension) {
        try {
            super.installExtension(extension);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("extension " + extension.getClass().getName() + " failed to install and is left out: " + e);
        }
    }

    @Override
    protected ClassLoader getClassLoader() {
        return engine().control().userLoader();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        awaitReady();
        return engine().assist().inspect(code, at, extraDetail);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        awaitReady();
        return engine().assist().complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        awaitReady();
        return engine().assist().isComplete(code);
    }

    @Override
    public void interrupt() {
        // Listeners first: once the cell is stopped its end-of-cell listeners may run, and they must see the interrupt.
        interruptListeners.forEach(Runnable::run);
        Engine started = engine.getNow(null);
        if (started != null) {
            started.evaluator().interrupt();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        return e instanceof CellError error ? error.traceback() : super.formatError(e);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        Engine started = engine.getNow(null);
        if (started != null) {
            started.shell().close();
        }
    }

    private static String version() {
        String version = TracebookKernel.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /**
     * As notebooks save it: Notebook 6 marks a notebook changed ("unsaved changes") when its saved language_info
     * differs in any field, so the name is the kernelspec's language ("java") and the version the Java release
     * ("25"), the same on every update of a JDK; the shipped notebooks carry exactly this.
     */
    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Integer.toString(Runtime.version().feature()))
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static List<HelpLink> helpLinks() {
        return List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/25/docs/api/"),
                new HelpLink("Tablesaw", "https://jtablesaw.github.io/tablesaw/"));
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }
}
