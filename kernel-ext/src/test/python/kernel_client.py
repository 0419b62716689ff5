"""A small synchronous client for the Tracebook kernel, on jupyter_client (Debian's python3-jupyter-client).

The kernel is started from the kernelspec "tracebook" found on JUPYTER_PATH, which the JUnit
driver points at a kernelspec it installed with install-kernel.sh.
"""
import queue
import time

from jupyter_client.manager import KernelManager

KERNEL_NAME = "tracebook"


class Execution:
    """What one execute request produced: the reply and the IOPub messages parented to it, with arrival times."""

    def __init__(self, msg_id, sent):
        self.msg_id = msg_id
        self.sent = sent
        self.reply = None
        self.reply_time = None
        self.messages = []  # (arrival time, message), in arrival order
        self.interrupted_at = None

    @property
    def status(self):
        return self.reply["content"]["status"]

    def started_at(self):
        """When the kernel's execute_input arrived: it publishes that as it starts the cell."""
        return next((t for t, m in self.messages if m["msg_type"] == "execute_input"), None)

    def of_type(self, msg_type):
        return [m for _, m in self.messages if m["msg_type"] == msg_type]

    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stdout")

    def stderr(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stderr")

    def result(self, mime="text/plain"):
        results = self.of_type("execute_result")
        return results[0]["content"]["data"].get(mime) if results else None

    def error(self):
        errors = self.of_type("error")
        return errors[0]["content"] if errors else None

    def traceback(self):
        error = self.error()
        return "\n".join(error["traceback"]) if error else ""


class Kernel:
    """One running kernel and a client connected to it."""

    def __init__(self, startup_timeout=120):
        self.manager = KernelManager(kernel_name=KERNEL_NAME)
        started = time.monotonic()
        self.manager.start_kernel()
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=startup_timeout)
        self.startup_seconds = time.monotonic() - started
        self.stray = []  # IOPub messages of earlier requests (background output), with arrival times
        self._drain_iopub()

    def _drain_iopub(self):
        while True:
            try:
                self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return

    def execute(self, code, timeout=60, interrupt_after=None, interrupt_when=None, stdin_reply=None, meanwhile=None):
        """Runs a cell and waits for its reply and its idle status; optionally presses stop `interrupt_after`
        seconds after the cell started (its execute_input arrived: a busy kernel may start it late, and a stop
        before the start is dropped like any stop between cells) or once `interrupt_when()` is true (the time
        is kept in execution.interrupted_at), answers the cell's reads of System.in with `stdin_reply`, or
        calls `meanwhile(execution)` with what arrived so far each time it looks for more."""
        msg_id = self.client.execute(code, allow_stdin=stdin_reply is not None)
        execution = Execution(msg_id, time.monotonic())
        deadline = execution.sent + timeout
        idle = False
        interrupted = interrupt_after is None and interrupt_when is None
        next_check = 0
        while not (idle and execution.reply is not None):
            if time.monotonic() > deadline:
                raise AssertionError(f"no reply within {timeout} s to {code!r}; got {execution.messages}")
            if not interrupted:
                if interrupt_after is not None:
                    started = execution.started_at()
                    due = started is not None and time.monotonic() - started >= interrupt_after
                elif time.monotonic() >= next_check:
                    due = interrupt_when()
                    next_check = time.monotonic() + 0.2
                else:
                    due = False
                if due:
                    self.manager.interrupt_kernel()
                    execution.interrupted_at = time.monotonic()
                    interrupted = True
            self._poll(execution)
            if meanwhile is not None:
                meanwhile(execution)
            if stdin_reply is not None:
                self._answer_input(stdin_reply)
            idle = idle or any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                               for _, m in execution.messages)
        return execution

    def _poll(self, execution):
        try:
            reply = self.client.get_shell_msg(timeout=0)
            if reply["parent_header"].get("msg_id") == execution.msg_id:
                execution.reply = reply
                execution.reply_time = time.monotonic()
        except queue.Empty:
            pass
        try:
            message = self.client.get_iopub_msg(timeout=0.02)
        except queue.Empty:
            return
        if message["parent_header"].get("msg_id") == execution.msg_id:
            execution.messages.append((time.monotonic(), message))
        else:
            self.stray.append((time.monotonic(), message))

    def _answer_input(self, text):
        try:
            request = self.client.get_stdin_msg(timeout=0)
        except queue.Empty:
            return
        if request["msg_type"] == "input_request":
            self.client.input(text)

    def listen(self, seconds):
        """Collects IOPub messages for a while (output of background threads); they land in self.stray."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.stray.append((time.monotonic(), self.client.get_iopub_msg(timeout=0.05)))
            except queue.Empty:
                pass

    def listen_until(self, done, timeout=15.0):
        """Collects IOPub messages into self.stray until `done()` is true or `timeout` seconds passed: for
        output of background threads whose timing a busy machine stretches. Returns whether `done()` became true."""
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() >= end:
                return False
            try:
                self.stray.append((time.monotonic(), self.client.get_iopub_msg(timeout=0.05)))
            except queue.Empty:
                pass
        return True

    def request(self, send, timeout=30):
        """Sends a shell request with `send(client)` and returns its reply."""
        msg_id = send(self.client)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            reply = self.client.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
        raise AssertionError("no reply")

    def shutdown(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)
