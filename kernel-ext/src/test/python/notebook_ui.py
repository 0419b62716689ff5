"""Jupyter Notebook 6's own web UI in headless Chromium, driven with Selenium (Debian's python3-selenium,
chromium and chromium-driver): a notebook server on 127.0.0.1 with a token, serving a work directory, and a
browser that opens notebooks in it, clicks its menus and buttons, and reads what the page shows."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The flags this machine's notes give for headless Chromium: no sandbox as root, no GPU, and none of the background
# connections that a closed network refuses; a window tall enough for a notebook's first cells and their outputs.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--window-size=1280,1800"]


def require_browser(test):
    """Browser tests need Selenium, Chromium and its driver; without them they skip, unless TRACEBOOK_REQUIRE_KERNEL=1."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing = "python3-selenium"
    else:
        missing = next((path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)), None)
    if missing is None:
        return
    reason = f"{missing} is not installed (apt-get install chromium chromium-driver python3-selenium; ./tracebook setup does)"
    if os.environ.get("TRACEBOOK_REQUIRE_KERNEL") == "1":
        raise AssertionError(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1")
    raise unittest.SkipTest(reason)


class NotebookServer:
    """`jupyter notebook` serving `directory`, its kernels found on the JUPYTER_PATH the test runs with."""

    TOKEN = "tracebook-browser-test"

    def __init__(self, directory, log):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            ["jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", f"--NotebookApp.token={self.TOKEN}",
             f"--notebook-dir={directory}", "--allow-root"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("api/status"), timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise AssertionError(f"the notebook server did not come up; see {log}")
                time.sleep(0.2)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.TOKEN}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Browser:
    """Headless Chromium with a profile of its own, showing one notebook page at a time."""

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        self.by = By
        self.profile = tempfile.mkdtemp(prefix="tracebook-chromium-")
        options = Options()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)

    def quit(self):
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, timeout, what):
        """Waits until `condition()` is true; fails saying `what` was awaited."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {what}")
            time.sleep(0.05)

    # --- a notebook page ------------------------------------------------------------------------

    def open(self, server, name, timeout=180):
        """Opens a notebook and waits until its kernel has started and is idle."""
        self.driver.get(server.url(f"notebooks/{name}"))
        self.wait(lambda: self.js("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                  " && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.language_info)"),
                  timeout, f"the kernel of {name} to start")
        self.wait_idle(timeout)

    def is_idle(self):
        return self.js("return !Jupyter.notebook.kernel_busy && document.querySelectorAll('.cell.running').length === 0")

    def wait_idle(self, timeout=180):
        self.wait(self.is_idle, timeout, "the kernel to be idle with no cell running")

    def dirty(self):
        """Whether the page says the notebook has unsaved changes."""
        return self.js("return Jupyter.notebook.dirty") or "unsaved" in self.find(".autosave_status").text

    def menu(self, menu_id, item_id):
        """Picks a menu item, as a user clicks its menu and then the item."""
        self.find(f"#{menu_id}").click()
        self.wait(lambda: self.find(f"#{item_id}").is_displayed(), 5, f"menu item {item_id}")
        self.find(f"#{item_id} > a").click()

    def run_all(self):
        self.menu("celllink", "run_all_cells")

    def press_stop(self):
        self.find("button[data-jupyter-action='jupyter-notebook:interrupt-kernel']").click()

    def restart_kernel(self):
        self.menu("kernellink", "restart_kernel")
        self.wait(lambda: self.find_all(".modal-dialog .btn-danger"), 10, "the restart dialog")
        self.find(".modal-dialog .btn-danger").click()

    def run_cell(self, index):
        """Selects code cell `index` and runs it with Shift-Enter's action (Run, and select the cell below)."""
        self.js("Jupyter.notebook.select(Jupyter.notebook.find_cell_index(Jupyter.notebook.get_cells()"
                ".filter(c => c.cell_type === 'code')[arguments[0]]))", index)
        self.find("button[data-jupyter-action='jupyter-notebook:run-cell-and-select-next']").click()

    def code_cells(self):
        return self.find_all(".cell.code_cell")

    def outputs(self, index):
        """The output areas of code cell `index`, in order."""
        return self.code_cells()[index].find_elements(self.by.CSS_SELECTOR, ".output_area")

    def visible_text(self, element):
        """What a reader sees of an element: its rendered text (a closed fold's contents are not rendered)."""
        return self.js("return arguments[0].innerText", element)

    def find(self, css):
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(self.by.CSS_SELECTOR, css)

    def screenshot(self, path):
        """The whole page, however long: the window is made as tall as the notebook for the picture."""
        height = self.js("return Math.max(document.body.scrollHeight, document.querySelector('#notebook') ?"
                         " document.querySelector('#notebook').scrollHeight + 150 : 0)")
        self.driver.set_window_size(1280, max(900, min(int(height), 6000)))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1280, 1800)
