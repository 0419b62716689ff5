"""Times the Tracebook kernel as a notebook sees it, through jupyter_client (Debian's python3-jupyter-client).

    kernel_bench.py RUNS PAUSE

starts the kernelspec "tracebook" found on JUPYTER_PATH RUNS times, and in the last kernel runs cells as a user
would; prints one "key=seconds,seconds,..." line per figure (KernelBenchmark reads them) and "key=..." lines of
context. Times are wall time on this client, from sending the request to the message that ends the step:
  start        Popen of the kernel to its kernel_info reply (what "Kernel ready" waits for)
  first_cell   kernel_info reply to the idle status of a first cell "2 + 2"
  cell         a warm "2 + N" cell PAUSE seconds after the last, as a user writing it would send it (the kernel warms
               javac up meanwhile): request to idle status (the cell's output and its end, as the front end sees them)
  cell_run_all the same cells back to back, as Run All sends them (context); cpu_cell is the kernel's CPU per cell there
  bpf_new      a %%bpf cell whose C no earlier run had (a new comment line), PAUSE seconds after the last cell as a
               user writing it would be (the kernel starts the next clang meanwhile): request to idle
  bpf_same     the same %%bpf cell again: request to idle
  first_pixel  a cell starting a live chart of a %%bpf cell's events: request to its first display_data (a PNG)
  first_chart  the same for the kernel's first chart, which also loads fonts and Java2D (context, not a figure)
It also prints the kernel's CPU time per warm cell (cpu_cell) from /proc: on a loaded machine, wall time
measures the machine as much as the kernel.
"""
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = "tracebook"

# The C of a %%bpf cell, from KernelBenchmark (Snippets.OPENS): every openat() on the machine.
BPF = "%%bpf uxbench\n" + os.environ["TRACEBOOK_BENCH_C"]

# Opens a file of its own every 2 ms on a thread of the kernel, so the live chart always has events to draw.
WORKLOAD = """Path uxbenchFile = Files.writeString(Files.createTempFile("uxbench", ".txt"), "x");
Thread uxbenchLoad = Thread.ofPlatform().daemon().name("uxbench-opener").start(() -> {
    while (true) {
        try { Files.readString(uxbenchFile); Thread.sleep(2); } catch (Exception e) { return; }
    }
});"""

LIVE = ('LiveView uxbenchView = uxbench.events("events").live(Duration.ofSeconds(5), '
        't -> Charts.topN(TopN.count(t, 5, "comm"), "opens")).await(Duration.ofMillis(600));')


class Client:
    def __init__(self):
        started = time.monotonic()
        self.manager = KernelManager(kernel_name=KERNEL)
        self.manager.start_kernel()
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=300)
        self.ready = time.monotonic() - started
        self.pid = self.manager.provisioner.process.pid

    def run(self, code, until="idle"):
        """Runs a cell to its end; returns the seconds from sending it to `until`: its idle status ("idle") or its
        first display_data holding a PNG ("display")."""
        msg_id = self.client.execute(code)
        sent = time.monotonic()
        ended = reply = idle = None
        while idle is None or reply is None:
            try:
                message = self.client.get_iopub_msg(timeout=0.005)
            except queue.Empty:
                message = None
            if message is not None and message["parent_header"].get("msg_id") == msg_id:
                kind = message["msg_type"]
                if kind == "display_data" and "image/png" in message["content"]["data"] and ended is None:
                    ended = time.monotonic() - sent
                elif kind == "status" and message["content"]["execution_state"] == "idle":
                    idle = time.monotonic() - sent
            if reply is None:
                try:
                    shell = self.client.get_shell_msg(timeout=0)
                    if shell["parent_header"].get("msg_id") == msg_id:
                        reply = shell
                except queue.Empty:
                    pass
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"cell failed: {code!r}: {reply['content'].get('evalue')}")
        if until == "display" and ended is None:
            raise SystemExit(f"the cell showed no PNG: {code!r}")
        return ended if until == "display" else idle

    def cpu_seconds(self):
        fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def shutdown(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def line(key, values):
    print(key + "=" + ",".join(f"{v:.4f}" for v in values), flush=True)


def main():
    runs = int(sys.argv[1])
    pause = float(sys.argv[2])
    starts, first_cells = [], []
    for i in range(runs):
        kernel = Client()
        starts.append(kernel.ready)
        first_cells.append(kernel.run("2 + 2"))
        if i < runs - 1:
            kernel.shutdown()
    line("start", starts)
    line("first_cell", first_cells)

    for i in range(5):  # warm-up: the JIT has compiled JShell's hot paths after a few cells
        kernel.run(f"1 + {i}")
    cells = []
    for i in range(runs * 4):
        time.sleep(pause)
        cells.append(kernel.run(f"2 + {i}"))
    line("cell", cells)
    before = kernel.cpu_seconds()
    run_all = [kernel.run(f"3 + {i}") for i in range(runs * 4)]
    line("cell_run_all", run_all)
    line("cpu_cell", [(kernel.cpu_seconds() - before) / len(run_all)])

    kernel.run(BPF + "// warm-up\n")  # the variable uxbench is declared; later runs assign it
    bpf_new = []
    for _ in range(runs):
        time.sleep(pause)
        bpf_new.append(kernel.run(BPF + f"// new snippet {time.time_ns()}\n"))
    line("bpf_new", bpf_new)
    kernel.run(BPF)
    line("bpf_same", [kernel.run(BPF) for _ in range(runs)])

    kernel.run(WORKLOAD)
    line("first_chart", [kernel.run(LIVE, until="display")])  # the kernel's first chart pays for fonts and Java2D, once
    line("first_pixel", [kernel.run(LIVE, until="display") for _ in range(runs)])
    kernel.shutdown()


if __name__ == "__main__":
    main()
