package io.tracebook.bpf.record;

import io.tracebook.bpf.display.Threads;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The recorded reads of one map, global or program, answering a replay's reads. A read the notebook makes itself
 * gets the next recorded read like it (the notebook reads in the order it did when recorded); a read a live view's
 * thread makes on its timer gets the latest recorded read like it at the replay clock's time. A read past the last
 * one gets the last one again (a cell run twice), unless the recording was cut short, which is then said.
 */
final class ReadChannel<T> {
    private final Replayer replayer;
    private final List<Tape.Timed<T>> reads;
    private int cursor;

    ReadChannel(Replayer replayer, List<Tape.Timed<T>> reads) {
        this.replayer = replayer;
        this.reads = reads == null ? List.of() : reads;
    }

    /** The recorded read answering this one; {@code like} picks reads of the same kind, {@code what} names it in messages. */
    T next(Predicate<T> like, Supplier<String> what) {
        if (Threads.isPainter()) return atReplayTime(like, what);
        Tape.Timed<T> found = null;
        synchronized (this) {
            for (int i = cursor; i < reads.size() && found == null; i++) {
                Tape.Timed<T> read = reads.get(i);
                if (!read.background() && like.test(read.value())) {
                    found = read;
                    cursor = i + 1;
                }
            }
        }
        if (found != null) {
            replayer.clock().reach(found.time());
            return found.value();
        }
        if (!replayer.tape().isComplete()) throw replayer.cutShort(what.get());
        for (int i = reads.size() - 1; i >= 0; i--) {
            if (like.test(reads.get(i).value())) return reads.get(i).value();
        }
        throw replayer.absent(what.get());
    }

    private T atReplayTime(Predicate<T> like, Supplier<String> what) {
        long now = replayer.clock().now();
        T latest = null;
        T first = null;
        for (Tape.Timed<T> read : reads) {
            if (!like.test(read.value())) continue;
            if (first == null) first = read.value();
            if (read.time() <= now) latest = read.value();
        }
        if (latest != null) return latest;
        if (first != null) return first;
        throw replayer.absent(what.get());
    }
}
