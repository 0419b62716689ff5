"""What a user sees in the browser: Jupyter Notebook 6's own web UI, in headless Chromium, driven with Selenium.
A shipped notebook opens unchanged and Run All draws its live chart in place; the stop button ends a live chart;
a C error, a verifier rejection and a tracepoint typo each show once, short, with a fold whose control shows (in
the page and in an nbconvert HTML export); a %%bpf cell run again shows nothing red; a restart leaves no probe.
Screenshots stay in target/kernel-tests/test_browser: look at them."""
import os
import re
import shutil
import subprocess
import time
import unittest
from pathlib import Path

import nbformat

from bpf_probes import links_of, programs_named, require_kernel
from notebook_ui import Browser, NotebookServer, require_browser

NOTEBOOKS = Path(os.environ.get("TRACEBOOK_NOTEBOOKS", Path(__file__).parents[4] / "notebooks"))
WORK = Path(os.environ.get("TRACEBOOK_TEST_WORK", "/tmp/tracebook-kernel-tests")) / "browser"
SHOTS = WORK.parent

OPENS = """SEC("tracepoint/syscalls/sys_enter_openat")
int {name}(void *ctx) {{
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) return 0;
    e->pid = bpf_get_current_pid_tgid() >> 32;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_ringbuf_submit(e, 0);
    return 0;
}}
"""


def bpf_cell(name):
    return f"%%bpf {name}\nstruct event {{ u32 pid; char comm[16]; }};\nRINGBUF(events);\n" + OPENS.format(name=name)


# Opens a file of its own every 5 ms on a thread of the kernel: events for the live charts whatever the machine does.
OPENER = """Path uxFile = Files.writeString(Files.createTempFile("uxbrowser", ".txt"), "x");
Thread uxOpener = Thread.ofPlatform().daemon().name("uxbrowser-opener").start(() -> {
    while (true) {
        try { Files.readString(uxFile); Thread.sleep(5); } catch (Exception e) { return; }
    }
});"""

C_ERROR = '%%bpf uxtypo\nSEC("tracepoint/syscalls/sys_enter_openat")\nint uxtypo(void *ctx) {\n    return undefined_thing;\n}'
VERIFIER = ('%%bpf uxverifier\nHASH(counts, u32, u64, 16);\nSEC("tracepoint/syscalls/sys_enter_openat")\n'
            'int uxverifier(void *ctx) {\n    u32 k = 0;\n    u64 *v = bpf_map_lookup_elem(&counts, &k);\n    return *v;\n}')
TRACEPOINT_TYPO = '%%bpf uxtptypo\nSEC("tracepoint/syscalls/sys_enter_opnat")\nint uxtptypo(void *ctx) {\n    return 0;\n}'


def write_notebook(name, cells):
    """A notebook of code cells, with the metadata the shipped ones carry, in the served directory."""
    shipped = nbformat.read(NOTEBOOKS / "00-live-opensnoop.ipynb", as_version=4)
    notebook = nbformat.v4.new_notebook(metadata=shipped.metadata, cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(notebook, WORK / name)


class InTheBrowser(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_browser(cls)
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        shutil.copy(NOTEBOOKS / "00-live-opensnoop.ipynb", WORK)
        cls.server = NotebookServer(WORK, SHOTS / "notebook-server.log")
        try:
            cls.browser = Browser()
        except Exception:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()

    def setUp(self):
        require_kernel(self)

    def shot(self, name):
        path = SHOTS / f"browser-{name}.png"
        self.browser.screenshot(path)
        print(f"screenshot {path}")

    def assert_nothing_red(self, cells=None):
        """No error and no stderr output in the given code cells (all when None): red there is a false note."""
        browser = self.browser
        for index in range(len(browser.code_cells())) if cells is None else cells:
            for output in browser.outputs(index):
                red = output.find_elements(browser.by.CSS_SELECTOR, ".output_error, .output_stderr")
                self.assertEqual([], [browser.visible_text(r) for r in red], f"code cell {index} shows red output")

    def png_of(self, index):
        """The data URL of code cell `index`'s image, or None while it has none. Read in one step in the page: a
        redraw replaces the image element, so a reference to it held across two calls may point at a removed one."""
        return self.browser.js("const image = document.querySelectorAll('.cell.code_cell')[arguments[0]]"
                               ".querySelector('.output_png img'); return image ? image.src : null;", index)

    def run_live_chart_notebook(self, name, await_seconds):
        """A notebook of our own: %%bpf NAME on openat, a thread opening a file, and a live chart of the openers that
        awaits `await_seconds` (the third code cell); opened, run with Run All, until its chart's first frame shows."""
        write_notebook(f"{name}.ipynb", [bpf_cell(name), OPENER,
                                         f'LiveView {name}View = {name}.events("events").live(Duration.ofSeconds(5), '
                                         f't -> Charts.topN(TopN.count(t, 5, "comm"), "opens")).await(Duration.ofSeconds({await_seconds}));'])
        self.browser.open(self.server, f"{name}.ipynb")
        self.browser.run_all()
        self.browser.wait(lambda: self.png_of(2), 120, "the live chart's first frame")

    def test_a_shipped_notebook_opens_unchanged_and_run_all_redraws_its_live_chart_in_place(self):
        browser = self.browser
        browser.open(self.server, "00-live-opensnoop.ipynb")
        time.sleep(1)  # Notebook 6 compares the saved metadata with the kernel's once it answered
        self.assertFalse(browser.dirty(), "opening a shipped notebook changes nothing: no '(unsaved changes)'")
        browser.run_all()
        live = 2  # the third code cell draws the live chart, for 3 s
        first = browser.wait(lambda: self.png_of(live), 120, "the live chart's first frame")
        frames = {first}
        watched = time.monotonic()
        while time.monotonic() - watched < 2.5 and "running" in browser.code_cells()[live].get_attribute("class"):
            frames.add(self.png_of(live) or first)
            self.assertEqual(1, browser.js("return document.querySelectorAll('.cell.code_cell')[arguments[0]]"
                                           ".querySelectorAll('.output_area').length", live),
                             "one output, redrawn in place, not a new one per frame")
            time.sleep(0.1)
        self.shot("00-live-chart")
        self.assertGreaterEqual(len(frames), 2, "the chart's image changed while the cell ran")
        browser.wait_idle()
        self.assertEqual(1, len(browser.outputs(live)), "the live chart's one output")
        self.assertIn("<th>pid</th>", browser.code_cells()[3].get_attribute("innerHTML"), "the events as a table")
        self.assert_nothing_red()
        self.shot("00-ran")

    def test_run_to_the_first_pixel_of_a_live_chart(self):
        browser = self.browser
        self.run_live_chart_notebook("uxpixel", await_seconds=1)
        browser.wait_idle()
        times = []
        for _ in range(3):  # the kernel's first chart loaded fonts and Java2D; these are warm
            clicked = time.monotonic()
            browser.run_cell(2)
            browser.wait(lambda: self.png_of(2), 30, "a frame")
            times.append(time.monotonic() - clicked)
            browser.wait_idle()
        print("Run to the first pixel of a live chart, in the browser: " + ", ".join(f"{t * 1000:.0f} ms" for t in times))
        self.assert_nothing_red()

    def test_the_stop_button_ends_a_live_chart(self):
        browser = self.browser
        self.run_live_chart_notebook("uxstop", await_seconds=60)
        time.sleep(1)
        pressed = time.monotonic()
        browser.press_stop()
        browser.wait_idle(timeout=30)
        print(f"stop button to an idle kernel: {(time.monotonic() - pressed) * 1000:.0f} ms")
        self.shot("stopped")
        text = browser.visible_text(browser.code_cells()[2])
        self.assertIn("Interrupted: the cell was stopped at your request", text)
        self.assertEqual(1, len([o for o in browser.outputs(2) if o.find_elements(browser.by.CSS_SELECTOR, ".output_png")]),
                         "the chart stays, one image")
        self.assertEqual(1, len(links_of("uxstop")), "the probe of an earlier cell stays attached")

    def test_bpf_errors_show_once_short_with_a_fold_whose_control_shows(self):
        browser = self.browser
        write_notebook("uxerrors.ipynb", [C_ERROR, VERIFIER, TRACEPOINT_TYPO])
        browser.open(self.server, "uxerrors.ipynb")
        for index in range(3):
            browser.run_cell(index)
            browser.wait_idle()
        headlines = ["CompileException in cell [1]: BPF C does not compile: line 4:12: error: use of undeclared identifier",
                     "VerifierException in cell [2]: verifier rejected program 'uxverifier': R0 invalid mem access 'map_value_or_null'",
                     "AttachException in cell [3]: tracepoint syscalls:sys_enter_opnat not found"]
        for index, headline in enumerate(headlines):
            shown = browser.visible_text(browser.code_cells()[index].find_element(browser.by.CSS_SELECTOR, ".output_wrapper"))
            self.assertEqual(1, shown.count(headline), f"cell {index + 1} shows its error once:\n{shown}")
            for java in ("io.tracebook", "CellException", "Caused by", "at line 1 of cell"):
                self.assertNotIn(java, shown, f"no Java traceback in cell {index + 1}")
            self.assertLessEqual(len(shown.strip().splitlines()), 8, f"short:\n{shown}")
        self.assertEqual([], programs_named("uxtptypo"), "the typo's program is not left in the kernel")
        self.assertEqual([], browser.code_cells()[2].find_elements(browser.by.CSS_SELECTOR, ".output_stderr"),
                         "closing what the failed cell loaded needs no note: its error says it all")
        self.shot("errors-folded")
        for index in (0, 1):
            summary = browser.code_cells()[index].find_element(browser.by.CSS_SELECTOR, "details > summary")
            self.assertEqual("list-item", browser.js("return getComputedStyle(arguments[0]).display", summary),
                             "the summary is a list item: its disclosure triangle shows")
            self.assertGreater(summary.size["height"], 0)
            self.assertNotEqual("rgb(0, 0, 0)", browser.js("return getComputedStyle(arguments[0]).color", summary),
                                "coloured as something to click")
            summary.click()
            self.assertTrue(browser.js("return arguments[0].parentElement.open", summary), "a click opens the fold")
        self.assertNotIn("details()", browser.visible_text(browser.code_cells()[1]), "it points at the fold, not at an API")
        verifier = browser.visible_text(browser.code_cells()[1].find_element(browser.by.CSS_SELECTOR, "details"))
        self.assertRegex(verifier, r"Where it stopped:\n; return \*v; @ cell \[2\]:7\n", "the fold starts with what matters")
        self.shot("errors-unfolded")
        self.export_shows_the_fold(browser)

    def export_shows_the_fold(self, browser):
        """Saved and exported with nbconvert, the page shows the same folds, their control visible."""
        browser.js("Jupyter.notebook.save_notebook()")
        browser.wait(lambda: not browser.js("return Jupyter.notebook.dirty"), 30, "the save")
        subprocess.run(["jupyter", "nbconvert", "--to", "html", str(WORK / "uxerrors.ipynb")], check=True, capture_output=True)
        browser.driver.get((WORK / "uxerrors.html").as_uri())
        summaries = browser.wait(lambda: browser.find_all("details > summary"), 30, "the exported folds")
        self.assertEqual(2, len(summaries), "the C error's and the verifier's folds")
        for summary in summaries:
            self.assertEqual("list-item", browser.js("return getComputedStyle(arguments[0]).display", summary))
            self.assertGreater(summary.size["height"], 0)
        page = browser.visible_text(browser.find("body"))
        self.assertEqual(1, page.count("VerifierException in cell [2]"), "the export shows each error once")
        summaries[1].click()
        self.shot("errors-exported")

    def test_running_a_bpf_cell_again_shows_nothing_red_and_a_restart_leaves_no_probe(self):
        browser = self.browser
        write_notebook("uxrerun.ipynb", [bpf_cell("uxrerun")])
        browser.open(self.server, "uxrerun.ipynb")
        for _ in range(3):
            browser.run_cell(0)
            browser.wait_idle()
            self.assert_nothing_red()
            self.assertIn("BpfObject 'uxrerun'", browser.visible_text(browser.code_cells()[0]))
        # A replaced object's probe is detached in the background (Session's closer): 0-57 ms after the new one
        # attached, measured at load average 5-7; 10 s is slack for a machine far busier than that.
        browser.wait(lambda: len(links_of("uxrerun")) == 1, 10, "one probe after three runs")
        self.shot("rerun")
        browser.restart_kernel()
        time.sleep(1)
        browser.wait(lambda: browser.js("return Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()"), 180,
                     "the restarted kernel")
        browser.wait_idle()
        gone = browser.wait(lambda: not programs_named("uxrerun"), 20, "the programs of the old kernel to go")
        self.assertTrue(gone)
        self.assertEqual([], links_of("uxrerun"))


if __name__ == "__main__":
    unittest.main()
