package io.tracebook.bpf.record;

import io.tracebook.bpf.error.RecordingException;
import io.tracebook.bpf.sys.PerfEvents;
import io.tracebook.bpf.sys.WallClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a recording says about where and when it was made: the first entry of the file, {@code manifest.json}.
 *
 * @param format                  the recording format's version ({@link #FORMAT}); a reader refuses newer ones
 * @param tracebook               the version of Tracebook that recorded
 * @param host                    the host name
 * @param kernel                  the kernel release ({@code uname -r})
 * @param cpus                    the CPUs online
 * @param started                 when recording began
 * @param wallMinusMonotonicNanos the wall clock minus CLOCK_MONOTONIC then: replayed timestamps convert with it
 * @param what                    what was recorded: a notebook's file name, or what a library session named
 */
record Manifest(int format, String tracebook, String host, String kernel, int cpus, Instant started,
                long wallMinusMonotonicNanos, String what) {
    /** The version of the format this code writes and the newest it reads (docs/recording-format.md). */
    static final int FORMAT = 1;
    static final String ENTRY = "manifest.json";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static Manifest ofThisMachine(String what) {
        Machine here = Machine.here();
        return new Manifest(FORMAT, tracebookVersion(), here.host(), here.kernel(), PerfEvents.onlineCpus().size(), Instant.now(),
                WallClock.measure(), what);
    }

    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", format);
        fields.put("tracebook", tracebook);
        fields.put("host", host);
        fields.put("kernel", kernel);
        fields.put("cpus", cpus);
        fields.put("started", started.toString());
        fields.put("wallMinusMonotonicNanos", wallMinusMonotonicNanos);
        fields.put("what", what);
        return Json.write(fields);
    }

    /** Parses the manifest of {@code file}; a newer format is refused here, before anything else is read. */
    static Manifest parse(byte[] json, Path file) {
        Map<String, Object> f = Json.parse(new String(json, StandardCharsets.UTF_8));
        int format = (int) number(f, "format");
        if (format > FORMAT) {
            throw new RecordingException(file, file + " is a recording of format " + format + ", newer than the format " + FORMAT
                    + " this Tracebook (" + tracebookVersion() + ") reads: update Tracebook, or re-record it with this one");
        }
        if (format < 1) throw new RecordInput.Corrupt("the manifest's format " + format + " is not a version");
        try {
            return new Manifest(format, text(f, "tracebook"), text(f, "host"), text(f, "kernel"), (int) number(f, "cpus"),
                    Instant.parse(text(f, "started")), number(f, "wallMinusMonotonicNanos"), text(f, "what"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new RecordInput.Corrupt("the manifest's start time is not a time: " + e.getParsedString());
        }
    }

    /** "host vm-1, Linux 6.18.0, 2 CPUs, 2026-05-02 10:31 UTC": what a replay says it replays. */
    String describe() {
        return "host " + host + ", Linux " + kernel + ", " + cpus + (cpus == 1 ? " CPU, " : " CPUs, ") + MINUTES.format(started);
    }

    private static long number(Map<String, Object> fields, String name) {
        if (fields.get(name) instanceof Long n) return n;
        throw new RecordInput.Corrupt("the manifest has no number '" + name + "'");
    }

    private static String text(Map<String, Object> fields, String name) {
        if (fields.get(name) instanceof String s) return s;
        throw new RecordInput.Corrupt("the manifest has no text '" + name + "'");
    }

    static String tracebookVersion() {
        try (InputStream in = Manifest.class.getResourceAsStream("tracebook-version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
