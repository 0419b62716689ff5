package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.AttachRequest;
import io.tracebook.bpf.sys.PerfEvents;

/**
 * What a SEC("perf_event") program samples: a software, hardware or cache event by the name perf gives it, every N
 * events ({@link #period}) or N times a second ({@link #frequency}, 99 Hz unless set), on every CPU or in one
 * process ({@link #pid}). Immutable. Attach with {@link BpfObject#attachPerfEvent}:
 * <pre>{@code
 * o.attachPerfEvent("on_fault", PerfEvent.software("page-faults").period(1).pid(pid));
 * o.attachPerfEvent("on_sample", PerfEvent.hardware("cycles").frequency(999));   // where the machine has a PMU
 * }</pre>
 */
public final class PerfEvent {
    private static final int DEFAULT_HZ = 99;

    private final PerfEvents.Event event;
    private final long period;
    private final boolean frequency;
    private final int pid;

    private PerfEvent(PerfEvents.Event event, long period, boolean frequency, int pid) {
        this.event = event;
        this.period = period;
        this.frequency = frequency;
        this.pid = pid;
    }

    /** A software event: cpu-clock, task-clock, page-faults, context-switches, cpu-migrations, minor-faults, major-faults, ... */
    public static PerfEvent software(String name) {
        return new PerfEvent(PerfEvents.software(name), DEFAULT_HZ, true, -1);
    }

    /** A hardware event: cycles, instructions, cache-references, cache-misses, branches, branch-misses, ... (needs a PMU). */
    public static PerfEvent hardware(String name) {
        return new PerfEvent(PerfEvents.hardware(name), DEFAULT_HZ, true, -1);
    }

    /** A hardware cache event, e.g. L1-dcache-load-misses, LLC-loads, dTLB-load-misses (needs a PMU). */
    public static PerfEvent cache(String name) {
        return new PerfEvent(PerfEvents.cache(name), DEFAULT_HZ, true, -1);
    }

    /** Runs the program every {@code events} events (1: on each). */
    public PerfEvent period(long events) {
        if (events < 1) throw new BpfException("a sampling period is at least 1 event, not " + events);
        return new PerfEvent(event, events, false, pid);
    }

    /** Runs the program about {@code hz} times a second (the kernel adjusts the period to get there). */
    public PerfEvent frequency(int hz) {
        if (hz < 1) throw new BpfException("a sampling frequency is at least 1 Hz, not " + hz);
        return new PerfEvent(event, hz, true, pid);
    }

    /** Samples only in process {@code pid}: its threads, and the threads and processes they start, on any CPU. */
    public PerfEvent pid(long pid) {
        if (pid < 1) throw new BpfException("a process id is at least 1, not " + pid);
        return new PerfEvent(event, period, frequency, (int) pid);
    }

    /** What the lifecycle asks its object to attach (the kernel's, or a recording's). */
    AttachRequest.PerfEvent request() {
        return new AttachRequest.PerfEvent(event.type(), event.config(), event.name(), period, frequency, pid);
    }

    @Override
    public String toString() {
        return request().rate() + (pid >= 0 ? " in process " + pid : " on every CPU");
    }
}
