"""The BPF side of the kernel against the real kernel: %%bpf cells, events from a real tracepoint as
HTML tables, XChart charts as PNG and SVG, flame graphs as inline SVG, live views redrawing in place,
BPF errors, the stop button detaching what the stopped cell attached, and no probe surviving a kernel
that dies or restarts."""
import base64
import html as html_lib
import os
import re
import signal
import struct
import time
import unittest

from bpf_probes import links_of, programs_named, require_kernel
from kernel_client import Kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Every open of a file whose name holds "tracebook-open" in this kernel's JVM; %s is the program's name.
OPENS_C = """\
struct event { u32 pid; char comm[16]; char filename[64]; };
RINGBUF(events);

SEC("tracepoint/syscalls/sys_enter_openat")
int %s(struct trace_event_raw_sys_enter *ctx) {
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) return 0;
    e->pid = bpf_get_current_pid_tgid() >> 32;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_probe_read_user_str(e->filename, sizeof(e->filename), (const char *)ctx->args[1]);
    bpf_ringbuf_submit(e, 0);
    return 0;
}
"""

# Opens a marker file every 10 ms for `millis` on a background thread: events of our own to find.
OPENER_JAVA = """\
Path marker = Files.writeString(Files.createTempFile("tracebook-open", ".txt"), "x");
Thread opening(long millis) {
    return Thread.ofPlatform().daemon().start(() -> {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try { Files.readString(marker); Thread.sleep(10); } catch (Exception e) { return; }
        }
    });
}
"""


def png_size(data):
    """Width and height from a PNG's IHDR, after checking the signature."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise AssertionError(f"not a PNG: {data[:16]!r}")
    return struct.unpack(">II", data[16:24])


def display_id(message):
    return message["content"].get("transient", {}).get("display_id")


class KernelWithOpener(unittest.TestCase):
    """One kernel per test class, with opening(millis) defined in it; execute_ok fails the test with the cell's
    traceback and stderr."""

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel()
        cls.kernel.execute(OPENER_JAVA)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def setUp(self):
        require_kernel(self)

    def execute_ok(self, code, **options):
        execution = self.kernel.execute(code, **options)
        self.assertEqual("ok", execution.status, execution.traceback() + execution.stderr())
        return execution


class BpfCells(KernelWithOpener):

    def bpf_cell(self, name):
        return self.execute_ok("%%bpf " + name + "\n" + OPENS_C % name)

    def test_bpf_cell_binds_the_attached_object_and_collects_into_an_html_table(self):
        started = time.monotonic()
        loaded = self.bpf_cell("tb_table")
        print(f"%%bpf cell (compile, load, attach): {time.monotonic() - started:.2f} s")
        self.assertIn("BpfObject 'tb_table'", loaded.result())
        self.assertEqual(1, len(links_of("tb_table")))
        execution = self.execute_ok(
            'Thread t = opening(1000);\n'
            'Table opens = tb_table.events("events").collect(Duration.ofSeconds(1));\n'
            'opens.where(opens.stringColumn("filename").containsString("tracebook-open"))')
        html = execution.result("text/html")
        self.assertIn('<table class="dataframe tracebook-table">', html)
        self.assertIn('<th>pid</th><th style="text-align: left">comm</th><th style="text-align: left">filename</th>', html)
        self.assertIn(str(self.kernel.manager.provisioner.process.pid), html)
        self.assertRegex(html, r"/tmp/tracebook-open\d+\.txt")
        self.assertRegex(html, r"[1-9]\d* rows? &times; 3 columns")

    def test_rerunning_a_bpf_cell_replaces_its_probes(self):
        self.bpf_cell("tb_rerun")
        first = links_of("tb_rerun")
        self.execute_ok("var tb_rerun_first = tb_rerun;")
        self.bpf_cell("tb_rerun")
        # The replaced object counts as closed at once; its probe is detached in the background (see Session).
        self.assertEqual("true", self.execute_ok("tb_rerun_first.isClosed()").result())
        self.execute_ok("Bpf.awaitReplacedClosed()")
        second = links_of("tb_rerun")
        self.assertEqual(1, len(second), "the re-run detached the old object's probe")
        self.assertNotEqual(first[0]["id"], second[0]["id"])
        self.assertEqual("false", self.execute_ok("tb_rerun.isClosed()").result())

    def test_bad_bpf_magic_arguments_say_how_to_use_it(self):
        execution = self.kernel.execute("%%bpf 2fast\nint x;")
        self.assertEqual("error", execution.status)
        self.assertIn("'2fast' is not a Java variable name", execution.traceback())

    def assert_shown_once(self, execution, headline):
        """A failed %%bpf cell shows its error once: the short message naming the cell (no Java frames), then one fold
        whose summary is a control (a list item: the disclosure triangle), right below it. Returns the fold's HTML."""
        self.assertEqual("error", execution.status)
        outputs = [m for _, m in execution.messages if m["msg_type"] in ("error", "display_data", "execute_result", "stream")]
        self.assertEqual(["error", "display_data"], [m["msg_type"] for m in outputs], "the message, then its fold, nothing else")
        traceback = ANSI.sub("", execution.traceback())
        number = execution.reply["content"]["execution_count"]
        self.assertTrue(traceback.startswith(headline.format(cell=f"cell [{number}]")), traceback)
        for internal in ("io.tracebook", "CellException", "jdk."):
            self.assertNotIn(internal, traceback, "no Java traceback")
        self.assertNotRegex(traceback, r"(?m)^    (at|in) |\.\.\. \d+ more", "no frames: the generated code is the kernel's")
        fold = outputs[1]["content"]["data"]["text/html"]
        self.assertRegex(fold, r'<details[^>]*><summary style="display: list-item; cursor: pointer;[^"]*">[^<]+</summary><pre')
        self.assertNotRegex(fold, r"[0-9a-f]{32}\.bpf\.c:", "the source is named by its cell, not by a hash")
        return fold

    def test_c_error_shows_once_with_the_cells_line(self):
        execution = self.kernel.execute('%%bpf tb_typo\nSEC("tracepoint/syscalls/sys_enter_openat")\n'
                                        'int tb_typo(void *ctx) {\n    return undefined_thing;\n}\n')
        fold = self.assert_shown_once(execution, "CompileException in {cell}: BPF C does not compile: line 4:12: error: "
                                                 "use of undeclared identifier 'undefined_thing'\n    return undefined_thing;")
        number = execution.reply["content"]["execution_count"]
        self.assertIn("<summary", fold)
        self.assertIn(f"cell [{number}]:4:12: error: use of undeclared identifier", html_lib.unescape(fold))

    def test_verifier_rejection_shows_once_and_folds_the_log_last_steps_first(self):
        execution = self.kernel.execute(
            '%%bpf tb_verifier\nHASH(counts, u32, u64, 16);\n'
            'SEC("tracepoint/syscalls/sys_enter_openat")\n'
            'int tb_verifier(void *ctx) {\n    u32 k = 0;\n    u64 *v = bpf_map_lookup_elem(&counts, &k);\n    return *v;\n}\n')
        fold = html_lib.unescape(self.assert_shown_once(
            execution, "VerifierException in {cell}: verifier rejected program 'tb_verifier': R0 invalid mem access "
                       "'map_value_or_null'\n  at line 7: return *v;\n  (the full verifier log is in the fold below)"))
        number = execution.reply["content"]["execution_count"]
        self.assertRegex(fold, r"<summary[^>]*>the verifier's log, \d+ lines, where it stopped first</summary>")
        self.assertIn(f"<pre style=\"white-space: pre-wrap;", fold)
        last_steps = fold.split("<pre", 1)[1].split(">", 1)[1]
        self.assertTrue(last_steps.startswith(f"Where it stopped:\n; return *v; @ cell [{number}]:7\n"), last_steps[:200])
        self.assertEqual([], programs_named("tb_verifier"))

    def test_tracepoint_typo_shows_once_and_leaves_no_program(self):
        execution = self.kernel.execute('%%bpf tb_tp_typo\nSEC("tracepoint/syscalls/sys_enter_opnat")\n'
                                        'int tb_tp_typo(void *ctx) {\n    return 0;\n}\n')
        self.assertEqual("error", execution.status)
        traceback = ANSI.sub("", execution.traceback())
        number = execution.reply["content"]["execution_count"]
        self.assertTrue(traceback.startswith(f"AttachException in cell [{number}]: tracepoint syscalls:sys_enter_opnat not found"),
                        traceback)
        self.assertIn("did you mean syscalls:sys_enter_openat", traceback)
        self.assertEqual(1, len(execution.of_type("error")))
        self.assertEqual("", execution.stderr(), "the failed object is closed without a word: the error says it all")
        self.assertNotIn("io.tracebook", traceback)
        self.assertEqual([], programs_named("tb_tp_typo"), "the failed cell's program was closed")
        self.assertEqual("[]", self.execute_ok('Bpf.loaded().stream().filter(o -> "tb_tp_typo".equals(o.name())).toList()').result())

    def test_a_failed_cell_closes_everything_it_loaded(self):
        execution = self.kernel.execute(
            'var first = Bpf.c("""\n' + OPENS_C % "tb_first" + '""").load().attach();\n'
            'var second = Bpf.c("int broken(").load();')
        self.assertEqual("error", execution.status)
        self.assertIn("closed", execution.stderr())
        self.assertEqual([], programs_named("tb_first"), "the first object of the failed cell is closed too")

    def test_rerunning_a_bpf_cell_shows_no_red_output(self):
        for run in ("first", "second", "third"):
            execution = self.bpf_cell("tb_quiet")
            self.assertEqual("", execution.stderr(), f"{run} run: nothing on stderr")
            self.assertEqual([], execution.of_type("error"))
            self.assertIn("BpfObject 'tb_quiet'", execution.result())
        self.assertEqual(1, len(links_of("tb_quiet")))
        self.assertIn("BpfObject 'tb_quiet'", self.execute_ok("tb_quiet").result(), "the variable holds the object")

    def test_xchart_renders_as_png_and_svg_on_request(self):
        execution = self.execute_ok(
            'import org.knowm.xchart.*;\n'
            'XYChart chart = new XYChartBuilder().width(640).height(360).title("opens").xAxisTitle("s").yAxisTitle("n").build();\n'
            'chart.addSeries("opens", new double[] {1, 2, 3, 4}, new double[] {5, 3, 8, 2});\n'
            'chart')
        png = base64.b64decode(execution.result("image/png"))
        self.assertEqual((640, 360), png_size(png))
        self.assertGreater(len(png), 5000, "a chart with axes, labels and a line is not a few bytes")
        self.assertEqual("XYChart 'opens' (640x360)", execution.result("text/plain"))
        svg = self.execute_ok('render(chart, "image/svg+xml")').result("image/svg+xml")
        self.assertTrue(svg.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink" height="360px"'), svg[:100])

    def test_svgs_show_as_inline_html_and_as_svg_and_print_as_a_summary(self):
        execution = self.execute_ok(
            'FlameGraph.svg(FlameGraph.fold(List.of(List.of("main", "work", "hash"), List.of("main", "work", "hash"),\n'
            '        List.of("main", "io"))), "tiny profile")')
        data = execution.of_type("execute_result")[0]["content"]["data"]
        self.assertEqual({"text/html", "image/svg+xml", "text/plain"}, set(data))
        # Notebook 6, JupyterLab and nbconvert all prefer text/html: inline SVG, whose <title>s are the boxes' hover texts
        html = data["text/html"]
        self.assertTrue(html.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="112"'), html[:120])
        self.assertIn("<g><title>hash (2 samples, 66.67%)</title><rect ", html)
        self.assertEqual(html, data["image/svg+xml"], "the same SVG for front ends that show no HTML")
        self.assertEqual('SVG 1200x112 flame graph "tiny profile", 3 samples; .save(path) for a browser', data["text/plain"])
        chart = self.execute_ok(
            'XYChart tiny = new XYChartBuilder().width(300).height(200).title("tiny").build();\n'
            'tiny.addSeries("s", new double[] {1, 2}, new double[] {3, 4});\n'
            'Charts.svg(tiny)').of_type("execute_result")[0]["content"]["data"]
        self.assertTrue(chart["text/html"].startswith("<svg "), "XChart's XML declaration is left out: " + chart["text/html"][:100])
        self.assertIn("<title>tiny</title>", chart["text/html"])
        self.assertEqual('SVG 300x200 XYChart "tiny"; .save(path) for a browser', chart["text/plain"])

    def test_live_view_redraws_in_place_while_the_cell_awaits(self):
        # The cell waits for five frames, however long a busy machine takes to draw them, then stops the view. The
        # first frame is the display, the others update it: no more often than every 250 ms (the kernel's throttle may
        # fold two frames into one update), and the last frame, drawn by stop(), always.
        self.bpf_cell("tb_live")
        execution = self.execute_ok(
            'Thread t = opening(60000);\n'
            'LiveView view = tb_live.events("events").live(Duration.ofSeconds(5), '
            't -> t.where(t.stringColumn("filename").containsString("tracebook-open")).countBy("comm"));\n'
            'while (view.frames() < 5) Thread.sleep(10);\n'
            'view.await(Duration.ZERO);\n'
            't.interrupt();\n'
            'view.frames()')
        shown = execution.of_type("display_data")
        self.assertEqual(1, len(shown))
        identity = display_id(shown[0])
        self.assertIsNotNone(identity)
        # Only the standard protocol, so that JupyterLab and Notebook 7 redraw it in place as Notebook 6 does: a
        # display_data with a display id, then update_display_data for that id; no comm, no JavaScript.
        self.assertLessEqual({m["msg_type"] for _, m in execution.messages},
                             {"status", "execute_input", "display_data", "update_display_data", "stream", "execute_result"})
        self.assertFalse(any("application/javascript" in m["content"].get("data", {}) for _, m in execution.messages))
        updates = execution.of_type("update_display_data")
        frames = int(execution.result())
        print(f"live view: {frames} frames, {len(updates)} updates")
        self.assertIn(len(updates), range(1, frames), "the frames after the first redraw the display, throttled")
        self.assertTrue(all(display_id(u) == identity for u in updates))
        self.assertIn("<th>Count</th>", updates[-1]["content"]["data"]["text/html"])
        self.assertEqual("false", self.execute_ok("view.isRunning()").result())

    def test_live_view_keeps_redrawing_after_the_cell_returned_until_stopped(self):
        self.bpf_cell("tb_background")
        started = self.execute_ok(
            'Thread t = opening(4000);\n'
            'LiveView bg = tb_background.events("events").live(Duration.ofSeconds(5), t -> t.rowCount() + " opens");')
        identity = display_id(started.of_type("display_data")[0])
        self.assertEqual("42", self.execute_ok("6 * 7").result(), "other cells run meanwhile")

        def updates():
            return [(at, m) for at, m in self.kernel.stray
                    if m["msg_type"] == "update_display_data" and display_id(m) == identity]

        self.assertTrue(self.kernel.listen_until(lambda: len(updates()) >= 4), f"redrawn in the background: {len(updates())} updates")
        stop = self.execute_ok("bg.stop();")
        self.kernel.listen(2.0)
        self.assertTrue(all(m["parent_header"]["msg_id"] == started.msg_id for _, m in updates()),
                        "background updates belong to the cell that started the view")
        # stop() draws one last frame, which the kernel's throttle (one update per 250 ms) may send after the reply;
        # a view still running would redraw about 6 times in the 2 s listened to after it.
        late = [round(at - stop.reply_time, 2) for at, _ in updates() if at > stop.reply_time]
        self.assertLessEqual(len(late), 1, f"no update after stop()'s last frame (seconds after its reply): {late}")
        self.assertRegex(updates()[-1][1]["content"]["data"]["text/plain"], r"[1-9]\d* opens")

    def test_stop_button_ends_a_60_second_collect_and_detaches_what_the_cell_attached(self):
        self.bpf_cell("tb_earlier")
        code = ('BpfObject stopme = Bpf.c("""\n' + OPENS_C % "tb_stopme" + '""").name("tb_stopme").load().attach();\n'
                'Table never = stopme.events("events").collect(Duration.ofSeconds(60));')
        attached = []  # when the probe showed up; the stop comes a second later, well inside the collect

        def collecting():
            if not attached and links_of("tb_stopme"):
                attached.append(time.monotonic())
            return bool(attached) and time.monotonic() - attached[0] > 1

        execution = self.kernel.execute(code, timeout=90, interrupt_when=collecting)
        self.assertIsNotNone(execution.interrupted_at, f"the probe was never attached: {execution.traceback()}")
        # The collect returns what it has when stopped; had the stop not ended it, it would have run its 60 s.
        print(f"stop button during a 60 s collect: reply {execution.reply_time - execution.interrupted_at:.2f} s after the interrupt")
        self.assertLess(execution.reply_time - execution.started_at(), 60, "the stop ended the collect")
        self.assertIn("detached the probes this cell attached ('tb_stopme')", execution.stderr(),
                      f"{execution.status}: {execution.traceback()} {execution.messages}")
        self.assertEqual([], links_of("tb_stopme"))
        self.assertEqual(1, len(links_of("tb_earlier")), "the probes of earlier cells stay")
        self.assertEqual("0 false", self.execute_ok('stopme.links().size() + " " + stopme.isClosed()').result())


class KernelEnd(unittest.TestCase):
    """Probes live as long as the kernel's process: a kill or a restart leaves none behind."""

    def setUp(self):
        require_kernel(self)

    def wait_for_no_links(self, name, seconds=10):
        started = time.monotonic()
        while links_of(name) and time.monotonic() - started < seconds:
            time.sleep(0.05)
        return time.monotonic() - started

    def test_sigkill_leaves_no_bpf_link(self):
        # Only our own program's links are counted: other BPF users on the machine (bpftrace in the tool
        # tests, another session) come and go and would make a machine-wide count flaky.
        kernel = Kernel()
        try:
            self.assertEqual("ok", kernel.execute("%%bpf tb_killed\n" + OPENS_C % "tb_killed").status)
            self.assertEqual(1, len(links_of("tb_killed")))
            os.kill(kernel.manager.provisioner.process.pid, signal.SIGKILL)
            took = self.wait_for_no_links("tb_killed")
            print(f"links released {took:.2f} s after SIGKILL")
            self.assertEqual([], links_of("tb_killed"))
        finally:
            kernel.shutdown()

    def test_restart_leaves_no_bpf_link(self):
        kernel = Kernel()
        try:
            self.assertEqual("ok", kernel.execute("%%bpf tb_restart\n" + OPENS_C % "tb_restart").status)
            self.assertEqual(1, len(links_of("tb_restart")))
            kernel.manager.restart_kernel(now=False)
            kernel.client.wait_for_ready(timeout=120)
            self.wait_for_no_links("tb_restart")
            self.assertEqual([], links_of("tb_restart"))
            self.assertEqual("3", kernel.execute("1 + 2").result())
        finally:
            kernel.shutdown()


if __name__ == "__main__":
    unittest.main()
