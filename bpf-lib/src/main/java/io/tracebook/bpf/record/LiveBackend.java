package io.tracebook.bpf.record;

import io.tracebook.bpf.sys.HostFiles;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/** The kernel, nothing kept. A value must still be one a recording could keep, so a notebook records as it runs. */
final class LiveBackend implements Backend {
    static final LiveBackend INSTANCE = new LiveBackend();

    private LiveBackend() {
    }

    @Override
    public HostFiles.Reader files() {
        return HostFiles.REAL;
    }

    @Override
    public Machine machine() {
        return Machine.here();
    }

    @Override
    public Mode mode() {
        return Mode.LIVE;
    }

    @Override
    public OpenedObject open(String source, String file, Supplier<OpenedObject> compileAndOpen) {
        return compileAndOpen.get();
    }

    @Override
    public Optional<String> recordedSource(String file) {
        return Optional.empty();
    }

    @Override
    public <T> T value(String name, Callable<T> compute) throws Exception {
        T value = compute.call();
        ValueCodec.encode(name, value);
        return value;
    }

    @Override
    public void run(String name, Callable<?> work) throws Exception {
        work.call();
    }

    @Override
    public Process process(String name, ProcessBuilder builder) throws IOException {
        return builder.start();
    }

    @Override
    public LongFunction<String> symbols(String scope, Supplier<LongFunction<String>> real) {
        return real.get();
    }

    @Override
    public void cellStarted(String label, String code) {
    }

    @Override
    public void close() {
    }
}
