package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.RecordingException;
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.stack.Profile;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.stream.LiveTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A session recorded against the real kernel, then replayed in the same JVM at instant speed: every read gives the
 * rows, values and counts it gave live, through the same decoders, and the replay loads nothing into the kernel.
 */
class RecordReplayTest {
    private static final String SOURCE = Workload.IS_WORKLOAD_C + """
            struct event { u32 pid; u32 n; char comm[16]; };
            RINGBUF(events);
            HASH(calls, u32, u64, 64);
            u64 seen = 0;

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int replay_getppid(void *ctx) {
                if (!is_workload()) return 0;
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                u64 one = 1, *n = bpf_map_lookup_elem(&calls, &pid);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&calls, &pid, &one, BPF_NOEXIST);
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = pid;
                e->n = __sync_fetch_and_add(&seen, 1);
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    @TempDir
    Path dir;

    @AfterEach
    void endSession() {
        Bpf.closeAll();
    }

    /** What one pass over the session read: the same code runs live (recording) and replayed. */
    private record Reads(List<String> tables, List<Long> numbers, String object) {
    }

    static Reads session() throws Exception {
        List<String> tables = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        String object;
        try (BpfObject o = Bpf.c(SOURCE).name("replay-test").set("test_pid", Recorded.value("pid", () -> (int) LibC.getpid()))
                .load().attach()) {
            EventStream events = o.events("events");
            Recorded.run("300 getppid", () -> Workload.run("getppid", "300"));
            tables.add(events.take(100, Duration.ofSeconds(10)).print(200));
            tables.add(events.collect(Duration.ofMillis(300)).print(300));
            numbers.add(o.global("seen").getLong());
            tables.add(o.map("calls").toTable().print());
            numbers.add(o.program("replay_getppid").missedRuns());
            try (LiveTable live = events.follow()) {
                Recorded.run("50 getppid", () -> Workload.run("getppid", "50"));
                Thread.sleep(200);
                live.stop();
                tables.add(live.snapshot().print(100));
            }
            numbers.add(o.global("seen").getLong());
            numbers.add(events.lost());
            object = o.toString();
        }
        return new Reads(tables, numbers, object);
    }

    @Test
    void aReplayReadsWhatTheRecordingRead() throws Exception {
        KernelAccess.require();
        Path file = dir.resolve("session.recording.zip");
        Reads live;
        try (Recording recording = Recording.start(file)) {
            live = session();
            assertEquals(Recording.Mode.RECORD, Recording.mode());
            assertEquals("recording to " + file, recording.toString());
        }
        assertTrue(live.tables().get(0).contains("100 rows") || live.tables().get(0).lines().count() > 100, live.tables().get(0));
        assertEquals(List.of(300L, 0L, 350L, 0L), live.numbers(), "the workload's calls, each counted once");

        KernelObjects.Counts before = KernelObjects.now("replay_");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        Reads replayed;
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            try {
                replayed = session();
            } finally {
                System.setErr(stderr);
            }
            assertEquals(Recording.Mode.REPLAY, Recording.mode());
        }
        assertEquals(before, KernelObjects.now("replay_"), "a replay loads nothing into the kernel");
        assertEquals(live, replayed);
        String banner = said.toString(StandardCharsets.UTF_8);
        assertTrue(banner.startsWith("replay: 'replay-test' comes from session.recording.zip, recorded on host "), banner);
    }

    /**
     * The replay a workshop runs: another process, without any capability, told only where the recording is. It
     * reads the same, and libbpf is never even mapped into it (mybinder.org has none).
     */
    @Test
    void aReplayNeedsNoPrivilegesAndNoLibbpf() throws Exception {
        KernelAccess.require();
        Path file = dir.resolve("unprivileged.recording.zip");
        Reads live;
        try (Recording recording = Recording.start(file)) {
            live = session();
        }
        List<String> command = List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), UnprivilegedReplay.class.getName());
        ProcessBuilder child = new ProcessBuilder(command);
        child.environment().put("TRACEBOOK_RECORDING", file.toString());
        child.environment().put("TRACEBOOK_REPLAY_SPEED", "instant");
        child.environment().remove("TRACEBOOK_MODE");
        Process p = child.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + err);
        assertEquals(live + "\nmode REPLAY, libbpf mapped: false\n", out, err);
    }

    /** The session in a process without capabilities, which therefore replays. */
    public static final class UnprivilegedReplay {
        public static void main(String[] args) throws Exception {
            System.out.println(session());
            boolean libbpf = Files.readString(Path.of("/proc/self/maps")).contains("libbpf");
            System.out.println("mode " + Recording.mode() + ", libbpf mapped: " + libbpf);
        }
    }

    /** Read without replaying: every stream's events, decoded as the session decoded them, with when they arrived. */
    @Test
    void aRecordingReadsAsTablesOfItsEvents() throws Exception {
        KernelAccess.require();
        Path file = dir.resolve("read.recording.zip");
        Table live;
        try (Recording recording = Recording.start(file);
             BpfObject o = Bpf.c(SOURCE).name("reader").set("test_pid", (int) LibC.getpid()).load().attach()) {
            Workload.run("getppid", "40");
            live = o.events("events").collect(Duration.ofMillis(300));
        }
        Recording.Contents contents = Recording.read(file);
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), contents.kernel());
        assertEquals(null, contents.cutShort());
        assertEquals(1, contents.events().size());
        Table read = contents.events().getFirst();
        assertEquals("reader/events", read.name());
        assertEquals(live.columnNames(), read.removeColumns("received").columnNames());
        for (String column : live.columnNames()) assertEquals(live.column(column).asList(), read.column(column).asList(), column);
        assertEquals(40, read.rowCount());
        assertTrue(Recording.read(file).events().getFirst().instantColumn("received").asList().stream()
                .allMatch(t -> !t.isBefore(contents.started()) && t.isBefore(contents.started().plusSeconds(60))));
    }

    /**
     * Recording onto a full disk: the events still reach the notebook, one line says at once that recording stopped
     * and why, and closing the recording throws that. A 64 KiB tmpfs fills with a few thousand events.
     */
    @Test
    void aFullDiskStopsTheRecordingNotTheTracing() throws Exception {
        KernelAccess.require();
        Path small = Files.createDirectories(dir.resolve("small"));
        mount("-t", "tmpfs", "-o", "size=64k", "replay-full", small.toString());
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try {
            Path file = small.resolve("full.recording.zip");
            Recording recording = Recording.start(file);
            long received;
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            try (BpfObject o = Bpf.c(SOURCE).set("test_pid", (int) LibC.getpid()).load().attach()) {
                EventStream events = o.events("events");
                Workload.run("getppid", "5000");
                received = events.collect(Duration.ofMillis(500)).rowCount() + events.collect(Duration.ofMillis(100)).rowCount();
                assertEquals(0, events.lost());
            } finally {
                System.setErr(stderr);
            }
            assertEquals(5000, received, "every event reached the notebook");
            RecordingException full = assertThrows(RecordingException.class, recording::close);
            assertEquals(file, full.file());
            assertTrue(full.getMessage().startsWith("recording stopped: writing " + file + " failed (No space left on device); what ran "
                    + "is unaffected and its results stand, but the recording is incomplete"), full.getMessage());
            assertTrue(said.toString(StandardCharsets.UTF_8).contains("tracebook: " + full.getMessage()), "said at once: " + said);
            String cut = Recording.read(file).cutShort();
            assertTrue(cut != null && cut.startsWith("it "), "what was written reads, and says where it ends: " + cut);
        } finally {
            mount("-u", small.toString());
        }
    }

    private static void mount(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args[0].equals("-u") ? "umount" : "mount"));
        command.addAll(List.of(args).subList(args[0].equals("-u") ? 1 : 0, args.length));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }

    /** A profile of a workload process: samples, stack names (kernel and user) and the flame graph, replayed without /proc. */
    @Test
    void aProfileReplaysItsSamplesAndTheNamesOfItsFrames() throws Exception {
        KernelAccess.require();
        Path file = dir.resolve("profile.recording.zip");
        List<String> live;
        try (Recording recording = Recording.start(file)) {
            live = profile();
        }
        assertTrue(live.get(0).contains("tracebook_spin_loop"), live.get(0));
        List<String> replayed;
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            replayed = profile();
        }
        assertEquals(live, replayed);
    }

    private static List<String> profile() throws Exception {
        ProcessBuilder spin = new ProcessBuilder(Workload.binary().toString(), "spin", "600000");   // until destroyed
        Process workload = Recorded.process("spin", spin);
        try (Profile profile = Profile.start(99, workload.pid())) {
            Recorded.run("a second of spinning", () -> Thread.sleep(1000));
            profile.stop();   // stacks are named while the process still runs: its memory map goes with it
            List<String> read = new ArrayList<>();
            read.add(profile.samples().print(50));
            read.add(profile.frames().print(200));
            read.add(profile.flameGraph().markup());
            return read;
        } finally {
            workload.destroyForcibly().waitFor();
        }
    }

    /** A program of one's own file, set up as a libbpf tool's user space does: a twin switched off, a perf event per thread. */
    private static final String BROUGHT = SOURCE.replace("replay_getppid", "replay_byo_tp") + """
            u64 twin_runs = 0, samples = 0;
            SEC("raw_tp/sys_enter") int replay_byo_twin(void *ctx) { __sync_fetch_and_add(&twin_runs, 1); return 0; }
            SEC("perf_event") int replay_byo_sample(void *ctx) { __sync_fetch_and_add(&samples, 1); return 0; }
            """;

    private static List<String> broughtProgram(Path file) throws Exception {
        Process spin = Recorded.process("spin", new ProcessBuilder(Workload.binary().toString(), "spin", "600000"));
        try (BpfObject o = Bpf.file(file).autoload("replay_byo_twin", false).mapSize("events", 1 << 16)
                .set("test_pid", Recorded.value("pid", () -> (int) LibC.getpid())).load().attach()
                .attachPerfEvent("replay_byo_sample", PerfEvent.software("task-clock").frequency(99).pid(spin.pid()))) {
            EventStream events = o.events("events");
            Recorded.run("20 getppid and spinning", () -> {
                Workload.run("getppid", "20");
                Thread.sleep(300);
            });
            List<String> read = new ArrayList<>();
            Table seen = events.collect(Duration.ofMillis(300));
            read.add(seen.rowCount() + " rows\n" + seen.print(50));
            read.add(o.global("twin_runs").get() + " " + (o.global("samples").getLong() > 0));
            read.add(o.links().stream().map(Link::target).toList().toString());
            read.add(o.toString());
            return read;
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }

    /**
     * A program brought as a file replays where the file is not (notebook 09 on Binder): by the path it was recorded
     * from. Its settings are compared like globals: a twin left on here but switched off when recorded is named.
     */
    @Test
    void aBroughtProgramReplaysWithoutItsFileAndItsSettings() throws Exception {
        KernelAccess.require();
        Path program = Files.writeString(dir.resolve("replay_byo.bpf.c"), BROUGHT);
        Path file = dir.resolve("byo.recording.zip");
        List<String> live;
        try (Recording recording = Recording.start(file)) {
            live = broughtProgram(program);
        }
        assertTrue(live.get(0).startsWith("20 rows\n"), live.get(0));
        assertEquals("0 true", live.get(1), "the switched-off twin never ran; the perf event sampled the spinning process");
        assertTrue(live.get(3).contains("replay_byo_twin switched off"), live.get(3));
        Files.delete(program);
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            assertEquals(live, broughtProgram(program));
            RecordingException twinOn = assertThrows(RecordingException.class, () -> Bpf.file(program).mapSize("events", 1 << 16)
                    .set("test_pid", Recorded.value("pid", () -> 0)).load());
            assertTrue(twinOn.getMessage().contains("autoload of program 'replay_byo_twin' is not set here, false in the recording"),
                    twinOn.getMessage());
        }
        BpfException gone = assertThrows(BpfException.class, () -> Bpf.file(program));
        assertEquals("no such file: " + program, gone.getMessage(), "live, a missing file is missing");
    }

    /** A workload in the background that outlives the session (a notebook's opener thread) is still recorded. */
    @Test
    void aBackgroundWorkloadThatOutlivesTheSessionIsRecorded() throws Exception {
        Path file = dir.resolve("background.recording.zip");
        CountDownLatch started = new CountDownLatch(1);
        Thread background;
        try (Recording recording = Recording.start(file)) {
            background = Thread.ofPlatform().daemon().start(() -> Recorded.run("opens in the background", () -> {
                started.countDown();
                Thread.sleep(500);
            }));
            started.await();
        }
        background.join();
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            Recorded.run("opens in the background", () -> {
                throw new AssertionError("a replay runs no workload");
            });
        }
    }

    @Test
    void aReplayOfOtherCNamesTheDifferenceAndHowToRecordAgain() throws Exception {
        KernelAccess.require();
        Path file = dir.resolve("other.recording.zip");
        try (Recording recording = Recording.start(file)) {
            Bpf.c(SOURCE).set("test_pid", 1).load().close();
        }
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            RecordingException changed = assertThrows(RecordingException.class, () -> Bpf.c(SOURCE.replace("u64 seen = 0;", "u64 seen = 1;")));
            assertTrue(changed.getMessage().startsWith("this object's C differs from the recording other.recording.zip: its C is not the "
                    + "recorded object 1's, line 12 differs:\n  here:     u64 seen = 1;\n  recorded: u64 seen = 0;\n"), changed.getMessage());
            assertTrue(changed.getMessage().endsWith("A replay shows only what was recorded: record the session again (Recording.start) "
                    + "to replay this code"), changed.getMessage());
            RecordingException set = assertThrows(RecordingException.class, () -> Bpf.c(SOURCE).set("test_pid", 2).load());
            assertTrue(set.getMessage().contains("global 'test_pid' is 2 here, 1 in the recording"), set.getMessage());
            BpfObject same = Bpf.c(SOURCE).set("test_pid", 1).load();
            BpfException noFd = assertThrows(BpfException.class, () -> same.map("calls").fd());
            assertEquals("map 'calls' is replayed from a recording: there is no kernel object, so no file descriptor", noFd.getMessage());
            same.close();
        }
    }
}
