package io.tracebook.kernel.exec;

import java.lang.instrument.ClassDefinition;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs the code JShell compiles from cells inside the kernel's own JVM, so that cell code reaches the
 * kernel (displays, renderers) and threads it starts outlive the cell. Each snippet runs on a fresh
 * thread that {@link #stop()} can end: the thread is interrupted (sleeps, waits, I/O) and its
 * woven stop checks throw (busy loops). A snippet that ignores both for {@value #STOP_GRACE_MILLIS} ms
 * is abandoned: it keeps running in the background and the kernel moves on.
 * <p>
 * JShell's {@code invoke} contract returns a string; this one returns a key for {@link #takeResult}
 * so that the kernel can render the value object itself.
 */
public final class CellExecutionControl extends DirectExecutionControl {

    /** What happened to the last snippet that a stop request reached. */
    public enum StopOutcome { NOT_STOPPED, STOPPED, ABANDONED }

    static final long STOP_GRACE_MILLIS = 3000;

    private final ClassLoader userLoader;
    private final StopCheckWeaver weaver;
    private final ClassRedefiner redefiner = new ClassRedefiner();
    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final AtomicLong resultKeys = new AtomicLong();
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private volatile Run running;
    private volatile boolean stopRequested;
    private volatile StopOutcome stopOutcome = StopOutcome.NOT_STOPPED;
    private volatile Throwable lastFailure;
    private volatile Assignment assignment;

    private record Result(Object value) {
    }

    private static final class Assignment {
        final Object value;
        volatile boolean done;

        Assignment(Object value) {
            this.value = value;
        }
    }

    CellExecutionControl() {
        // The default loader delegate makes JShell's class loader the context loader of this thread.
        userLoader = Thread.currentThread().getContextClassLoader();
        weaver = new StopCheckWeaver(userLoader);
    }

    /** The class loader of cell code and of jars added with {@code %classpath}. */
    public ClassLoader userLoader() {
        return userLoader;
    }

    /** The value behind a key that JShell reported as a snippet's value; each key works once. */
    public Object takeResult(String key) {
        Result result = key == null ? null : results.remove(key);
        return result == null ? null : result.value();
    }

    /** Forgets the values nobody took (those of declarations and of JShell's re-evaluations). */
    public void clearResults() {
        results.clear();
    }

    /** Whether the snippet that just ran was stopped, and how; resets to {@code NOT_STOPPED}. */
    public StopOutcome takeStopOutcome() {
        StopOutcome outcome = stopOutcome;
        stopOutcome = StopOutcome.NOT_STOPPED;
        return outcome;
    }

    /** What the last snippet threw, as the object itself (JShell only passes on its class name, message and stack). */
    public Throwable takeFailure() {
        Throwable failure = lastFailure;
        lastFailure = null;
        return failure;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(weaver.weave(cbcs));
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] woven = weaver.weave(cbcs);
        List<ClassDefinition> definitions = new ArrayList<>();
        for (ClassBytecodes c : woven) {
            try {
                definitions.add(new ClassDefinition(findClass(c.name()), c.bytecodes()));
            } catch (ClassNotFoundException e) {
                throw new ClassInstallException("redefine: " + c.name() + " is not loaded", new boolean[cbcs.length]);
            }
        }
        try {
            redefiner.redefine(definitions);
        } catch (Exception | LinkageError e) {
            // JShell then loads a new copy of the class instead (a changed field type needs that anyway).
            throw new NotImplementedException("redefine: " + e.getMessage());
        }
        classesRedefined(woven);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object value = call(() -> doit.invoke(null));
        String key = Long.toString(resultKeys.incrementAndGet());
        results.put(key, new Result(value));
        return key;
    }

    /**
     * Runs work of the kernel's on behalf of the running cell (a magic's), as its snippets run: on a cell thread
     * that {@link #stop()} interrupts, abandoned after the same grace. What the work throws comes out wrapped in an
     * {@link InvocationTargetException} (or as it is, when called on the cell's own thread); a stop comes out as
     * {@link StoppedException}, with {@link #takeStopOutcome()} saying how.
     */
    public <T> T call(Callable<T> work) throws Exception {
        Run current = running;
        if (current != null && current.thread == Thread.currentThread()) {
            return work.call(); // cell code evaluating more code: stay on its thread
        }
        @SuppressWarnings("unchecked")
        T value = (T) runOnCellThread(work);
        return value;
    }

    /**
     * Sets a variable of the session, declared by {@code variable}, to {@code value}: without compiling anything,
     * which is what JShell's own way, a snippet assigning it, costs (tens of milliseconds).
     */
    public void assign(JShell shell, VarSnippet variable, Object value) {
        // JShell names the variable's class and field only to the engine, in varValue: the assignment rides on that call.
        Assignment pending = new Assignment(value);
        assignment = pending;
        try {
            String failure = shell.varValue(variable); // "[why]" when varValue below threw
            if (!pending.done) {
                throw new IllegalStateException("the kernel could not set the variable " + variable.name() + ": " + failure);
            }
        } finally {
            assignment = null;
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        Assignment pending = assignment;
        if (pending == null) {
            return super.varValue(className, varName);
        }
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            field.set(null, pending.value);
            pending.done = true;
            return "";
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("cannot set " + varName + " in " + className + ": " + e);
        }
    }

    /** Stops the running snippet, or the next one if a stop comes while JShell is still compiling it. */
    @Override
    public void stop() {
        stopRequested = true;
        Run current = running;
        if (current != null) {
            current.stop();
        }
    }

    /** Forgets a stop request that came between cells. */
    public void clearStopRequest() {
        stopRequested = false;
    }

    private Object runOnCellThread(Callable<?> work) throws Exception {
        Run run = new Run(work, "cell-" + threadNumbers.incrementAndGet());
        // Publish the run before reading the flag: a concurrent stop() either sees the run or set the flag first.
        running = run;
        try {
            if (stopRequested) {
                stopOutcome = StopOutcome.STOPPED;
                throw new StoppedException();
            }
            return run.await();
        } finally {
            running = null;
        }
    }

    private final class Run {
        final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Object value;
        private volatile Throwable failure;
        private volatile long stopDeadline;
        private volatile boolean stopRequested;

        Run(Callable<?> work, String name) {
            thread = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> body(work));
            thread.setContextClassLoader(userLoader);
        }

        private void body(Callable<?> work) {
            try {
                value = work.call();
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            } catch (Throwable t) {
                failure = t;
            } finally {
                StopCheck.clear(thread);
                done.countDown();
            }
        }

        Object await() throws Exception {
            thread.start();
            while (!done.await(50, TimeUnit.MILLISECONDS)) {
                if (stopRequested && System.nanoTime() - stopDeadline > 0) {
                    stopOutcome = StopOutcome.ABANDONED;
                    throw new StoppedException();
                }
            }
            if (failure != null && stopRequested) {
                stopOutcome = StopOutcome.STOPPED;
                throw new StoppedException();
            }
            if (failure != null) {
                lastFailure = failure;
                throw new InvocationTargetException(failure);
            }
            return value;
        }

        void stop() {
            stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
            stopRequested = true;
            StopCheck.request(thread);
            thread.interrupt();
        }
    }
}
