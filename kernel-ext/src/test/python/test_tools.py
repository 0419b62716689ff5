"""The classic-tool notebooks, each checked against a tool nobody here wrote: bpftrace runs the matching
one-liner on the same workload at the same time, and both must see the same thing."""
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest
from collections import Counter
from unittest import mock

from bpf_probes import require_kernel
from test_notebooks import execute, html, text


class BackgroundTool:
    """A tracing tool running in the background, its output kept in a file until stop(); the constructor
    returns once `ready` (what the tool prints when its probes are attached) is in the output."""

    def __init__(self, argv, ready, name):
        self.name = name
        self.output = tempfile.NamedTemporaryFile("w+", prefix=f"{name}-", suffix=".out")
        self.process = subprocess.Popen(argv, stdout=self.output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while ready not in self.read():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"{name} did not start: {self.read()}")
            time.sleep(0.1)

    def read(self):
        with open(self.output.name) as f:
            return f.read()

    def stop(self):
        """Ends the tool with SIGINT, as a user would, and returns what it printed. bpftrace 0.17 sometimes
        ignores a SIGINT and polls on (seen here for 10 minutes, until a second SIGINT ended it at once), so a
        second follows. A tool that still runs is killed before the test fails, so that it cannot slow down or
        skip (recursion misses) the probes of the tests after it."""
        try:
            for signals_sent, wait in ((1, 10), (2, 40)):
                self.process.send_signal(signal.SIGINT)
                try:
                    self.process.wait(timeout=wait)
                    return self.read()
                except subprocess.TimeoutExpired:
                    continue
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"{self.name} did not end after {signals_sent} SIGINTs; killed. It printed:\n{self.read()[-2000:]}")
        finally:
            self.output.close()


class Bpftrace(BackgroundTool):
    """A bpftrace one-liner."""

    def __init__(self, program):
        super().__init__(["bpftrace", "-B", "line", "-e", program], ready="Attaching", name="bpftrace")
        time.sleep(1)  # "Attaching" comes just before the probes are live


def java_map(cell):
    """A java.util.Map printed by the kernel, {k1=v1, k2=v2}, as a dict of strings to ints."""
    return {key: int(value) for key, value in re.findall(r"([^{}=, ]+)=(\d+)", text(cell))}


def number_in(cell, label):
    return int(re.search(label + r" (\d+)", text(cell)).group(1))


def log2_hist(printed):
    """bpftrace's hist() layout ([0], [1], [2, 4), ... [1K, 2K) count |@@@|) as {low edge: count}."""
    scale = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return {int(n) * scale[unit]: int(count)
            for n, unit, count in re.findall(r"^\[(\d+)([KMG]?)(?:, [^)]*\)|\])\s+(\d+) \|", printed, re.M)}


class LibbpfTool(BackgroundTool):
    """A tool of Debian's libbpf-tools; stdbuf makes its stdout line-buffered so that `ready`, its header,
    shows up once it has attached."""

    def __init__(self, *argv, ready):
        super().__init__(["stdbuf", "-oL", *argv], ready=ready, name=argv[0])


def run_beside(notebook, reference):
    """Executes the notebook while `reference` (a started tool) runs; returns the code cells and the tool's output."""
    try:
        cells = execute(notebook)
    finally:
        output = reference.stop()
    return cells, output


def recursion_misses(*programs):
    """How often the kernel skipped the programs so named because another BPF program was running on that CPU."""
    listing = subprocess.run(["bpftool", "prog", "show", "-j"], capture_output=True, text=True, check=True).stdout
    return sum(p.get("recursion_misses", 0) for p in json.loads(listing) if p.get("name") in programs)


class MoreClassicTools(unittest.TestCase):
    """runqslower, biolatency and tcplife, each beside a tool nobody here wrote."""

    def test_runqslower_sees_the_same_slow_waits_as_libbpf_tools(self):
        require_kernel(self)
        cells, output = run_beside("tools-runqslower.ipynb", LibbpfTool("runqslower", "-P", "1000", ready="Tracing"))
        self.assertIn("min_us = 1000; global 'min_us' is const (in .rodata) and was frozen at load", text(cells[3]),
                      "min_us was set before load and cannot change after")
        threads = int(re.match(r"(\d+) busy threads", text(cells[5])).group(1))
        expected = {f"rqs-busy-{i}" for i in range(threads)}
        # runqslower -P prints: TIME COMM TID LAT(us) PREV-COMM PREV-TID, the comms padded to 16 characters.
        by_tool = Counter(re.findall(r"^\S+ (rqs-busy-\d+) +\d+ +\d+ ", output, re.M))
        by_notebook = java_map(cells[8])
        print(f"runqslower waits over 1 ms per thread: notebook {dict(sorted(by_notebook.items()))}, libbpf-tools {dict(sorted(by_tool.items()))}")
        self.assertEqual(expected, set(by_notebook), "every busy thread waited over min_us")
        self.assertEqual(expected, set(by_tool), "libbpf-tools saw the same threads wait")
        for thread in expected:
            self.assertGreaterEqual(by_notebook[thread], 10, f"{thread} spun 3 s with two others on its CPU")
        # Both stamp the same wakeups, preemptions and switches, but each reads the clock a little apart from the
        # other, so a wait within a few microseconds of min_us can fall on either side of it: 10% per thread
        # (at least 5 waits) and 5% in total are allowed.
        for thread in expected:
            self.assertLessEqual(abs(by_notebook[thread] - by_tool[thread]), max(5, by_notebook[thread] // 10),
                                 f"{thread}: notebook {by_notebook[thread]}, libbpf-tools {by_tool[thread]}")
        total, tool_total = sum(by_notebook.values()), sum(by_tool.values())
        self.assertLessEqual(abs(total - tool_total), total // 20, f"notebook {total}, libbpf-tools {tool_total}")
        self.assertIn("image/png", cells[9].outputs[0]["data"])

    def test_tcplife_sees_the_same_connections_and_bytes_as_libbpf_tools(self):
        require_kernel(self)
        cells, output = run_beside("tools-tcplife.ipynb", LibbpfTool("tcplife", "-w", ready="PID"))
        kernel, port = number_in(cells[0], "kernel pid"), number_in(cells[2], "server port")
        carried = re.findall(r"(tcp-client|tcp-server) (\d+)>(\d+) tx (\d+) rx (\d+)", text(cells[5]))
        by_notebook = {(comm, int(lport), int(rport), round(int(tx) / 1024, 2), round(int(rx) / 1024, 2))
                       for comm, lport, rport, tx, rx in carried}
        # tcplife -w prints: PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS, kilobytes with two decimals.
        by_tool = {(comm, int(lport), int(rport), float(tx), float(rx))
                   for pid, comm, lport, rport, tx, rx in re.findall(
                       r"^(\d+) +(tcp-client|tcp-server) +\S+ +(\d+) +\S+ +(\d+) +([\d.]+) +([\d.]+) +[\d.]+$", output, re.M)
                   if int(pid) == kernel and port in (int(lport), int(rport))}
        print(f"tcplife connections on port {port}: notebook {sorted(by_notebook)}, libbpf-tools {sorted(by_tool)}")
        # The workload: connection k carries k x 8 KiB to the server and k x 64 KiB back; the kernel counts a
        # byte more per SYN and FIN it sent or received, far below tcplife's 0.01 KB.
        client_ports = {round(int(tx) / 8192): int(lport) for comm, lport, rport, tx, rx in carried if comm == "tcp-client"}
        self.assertEqual({1, 2, 3, 4, 5}, set(client_ports), "five connections, k x 8 KiB each")
        expected = ({("tcp-client", lport, port, 8.0 * k, 64.0 * k) for k, lport in client_ports.items()}
                    | {("tcp-server", port, lport, 64.0 * k, 8.0 * k) for k, lport in client_ports.items()})
        self.assertEqual(expected, by_notebook, "ten sockets: each connection's client and server side")
        self.assertEqual(by_notebook, by_tool, "the same connections, the same kilobytes")
        self.assertIn("image/png", cells[6].outputs[0]["data"])

    def test_biolatency_histogram_matches_bpftrace(self):
        require_kernel(self)
        # bpftrace 0.17's block tracepoints give (dev, sector), not the request: a request whose sector changed
        # after it started (a front merge) completes under another sector and leaves its @ours entry behind, so
        # an entry is dropped when another request starts at the same place.
        bpftrace = Bpftrace("""
            tracepoint:block:block_io_start { @ours[args->dev, args->sector] = comm == "bio-worker"; }
            tracepoint:block:block_rq_issue /@ours[args->dev, args->sector]/ {
                @start[args->dev, args->sector] = nsecs; @size[args->dev, args->sector] = args->bytes; }
            tracepoint:block:block_rq_complete { delete(@ours[args->dev, args->sector]); }
            tracepoint:block:block_rq_complete /@start[args->dev, args->sector]/ {
                @us[@size[args->dev, args->sector]] = hist((nsecs - @start[args->dev, args->sector]) / 1000);
                delete(@start[args->dev, args->sector]); delete(@size[args->dev, args->sector]); }
            END { clear(@ours); clear(@start); clear(@size); }""")
        try:
            cells = execute("tools-biolatency.ipynb")
            skipped = recursion_misses("block_io_start", "block_rq_issue", "block_rq_complete")
        finally:
            output = bpftrace.stop()
        answer = text(cells[5])
        by_size = {int(size): int(n) for size, n in re.findall(r"(\d+)=(\d+)", re.search(r"by size \{([^}]*)\}", answer).group(1))}
        by_bucket = {int(low): int(n) for low, n in re.findall(r"(\d+)=(\d+)", re.search(r"by bucket \{([^}]*)\}", answer).group(1))}
        tool_by_size, tool_by_bucket = Counter(), Counter()
        for size, lines in re.findall(r"^@us\[(\d+)\]: *\n((?:\[.*\n?)+)", output, re.M):
            for low, unit, n in re.findall(r"^\[(\d+)([KM]?)[,\]].*?(\d+) \|", lines, re.M):
                tool_by_size[int(size)] += int(n)
                tool_by_bucket[int(low) * {"": 1, "K": 1024, "M": 1024 * 1024}[unit]] += int(n)
        print(f"biolatency requests: notebook {by_size} {by_bucket}, bpftrace {dict(tool_by_size)} {dict(sorted(tool_by_bucket.items()))}")
        # Each direct I/O call is one request, but the kernel may add or take one now and then: ext4 can read a
        # block of its own metadata in bio-worker's name (CI once saw 1025 requests of 4 KiB, bpftrace too), and
        # the I/O scheduler can merge a bio into another process's neighbouring request (then nobody sees it as
        # bio-worker's). Whether the notebook sees what the kernel did is checked against bpftrace below.
        self.assertEqual(32, by_size.get(131072), "32 reads of 128 KiB: one request each")
        self.assertLessEqual(abs(by_size.get(4096, 0) - 1024), 4, "512 writes + 512 reads of 4 KiB: one request each, give or take the kernel's own")
        self.assertEqual({4096, 131072}, set(by_size), "only the sizes bio-worker asked for")
        # bpftrace's tracepoint programs are skipped when another tracing program is running on the same CPU (the
        # completion interrupt can arrive in the middle of one); the kernel counts those runs, and bpftrace may miss
        # as many requests, no more.
        print(f"bpftrace's block programs skipped {skipped} times")
        # The notebook's own programs can be skipped the same way (it prints how often): then it misses requests.
        ours_skipped = int(re.search(r"runs skipped (\d+)", answer).group(1))
        for size, n in by_size.items():
            self.assertIn(n - tool_by_size[size], range(-ours_skipped, skipped + 1), f"{size}-byte requests: notebook {n}, bpftrace {tool_by_size[size]}")
        # Each program reads the clock at issue and at completion a microsecond or so apart from the other, and
        # most requests take close to 64 us, so a few percent of them can land in the neighbouring bucket. Requests
        # only move across a bucket boundary that way: the share below each boundary may differ by max(5, 3%).
        below, tool_below, total = 0, 0, sum(by_size.values())
        for low in sorted(set(by_bucket) | set(tool_by_bucket)):
            below, tool_below = below + by_bucket.get(low, 0), tool_below + tool_by_bucket.get(low, 0)
            self.assertLessEqual(abs(below - tool_below), max(5, total * 3 // 100) + skipped + ours_skipped,
                                 f"requests under {2 * low} us: notebook {below}, bpftrace {tool_below}")
        self.assertIn("image/png", cells[6].outputs[0]["data"])

class ClassicTools(unittest.TestCase):

    def run_beside_bpftrace(self, notebook, program):
        """Executes the notebook while bpftrace runs the one-liner; returns the notebook's code cells and bpftrace's output."""
        require_kernel(self)
        return run_beside(notebook, Bpftrace(program))

    def test_execsnoop_sees_the_same_commands_as_bpftrace(self):
        cells, output = self.run_beside_bpftrace("tools-execsnoop.ipynb", 'tracepoint:sched:sched_process_exec '
                            '{ printf("EXEC %d %s\\n", curtask->real_parent->tgid, comm); }')
        kernel = number_in(cells[0], "kernel pid")
        by_bpftrace = Counter(comm for ppid, comm in re.findall(r"^EXEC (\d+) (\S+)$", output, re.M)
                              if int(ppid) == kernel)
        by_notebook = java_map(cells[4])
        self.assertEqual({"uname": 4, "date": 3, "hostname": 2, "id": 1, "jspawnhelper": 10}, by_notebook)
        # bpftrace also saw what the kernel exec'd before the notebook's program was attached (clang, bpftool
        # and their jspawnhelper); the workload's own commands must agree exactly.
        workload = {"uname", "date", "hostname", "id"}
        self.assertEqual({c: by_notebook[c] for c in workload}, {c: by_bpftrace[c] for c in workload},
                         "the same exec'd commands, exactly")
        self.assertGreaterEqual(by_bpftrace["jspawnhelper"], by_notebook["jspawnhelper"])
        self.assertIn("image/png", cells[5].outputs[0]["data"])

    def test_syscount_counts_like_bpftrace_within_one_percent(self):
        # bpftrace 0.17's maps hold 4096 keys: a busy machine fills that with other processes before dd starts
        with mock.patch.dict(os.environ, {"BPFTRACE_MAP_KEYS_MAX": "262144"}):
            cells, output = self.run_beside_bpftrace("tools-syscount.ipynb", "tracepoint:raw_syscalls:sys_enter { @[pid, comm, args->id] = count(); }")
        dd = number_in(cells[1], "dd pid")
        # bpftrace's comm is the thread's; dd and jspawnhelper have one thread each, so it is also the process's
        by_bpftrace = {f"{comm}:{nr}": int(n) for pid, comm, nr, n in re.findall(r"^@\[(\d+), (.*), (\d+)\]: (\d+)$", output, re.M)
                       if int(pid) == dd}
        by_notebook = java_map(cells[4])
        self.assertGreaterEqual(by_notebook.get("dd:0", 0), 3000, "one read per byte")
        self.assertIn(by_notebook.get("dd:1", 0) + by_notebook.get("jspawnhelper:1", 0), range(3000, 3011),
                      "one write per byte, plus dd's summary and jspawnhelper's few")
        # Tolerance: both count every call of one finished process, so they should agree exactly;
        # we allow 1% or 2 calls per (name, syscall), whichever is larger.
        self.assertEqual(set(by_bpftrace), set(by_notebook), "the same names and syscalls")
        for key, n in by_notebook.items():
            self.assertLessEqual(abs(n - by_bpftrace[key]), max(2, n // 100), f"{key}: {n} vs bpftrace {by_bpftrace[key]}")
        self.assertIn("write", text(cells[3]) if "text/plain" in cells[3].outputs[-1]["data"] else cells[3].outputs[-1]["data"]["text/html"])
        # dd is near the top of the machine-wide table only on a quiet machine; its names are in the map above
        self.assertIn('<th>pid</th><th style="text-align: left">comm</th><th>sum</th>', html(cells[2]), "processes by pid and name")
        self.assertIn("image/png", cells[1].outputs[0]["data"], "the live view of the busiest processes")
        self.assertIn("image/png", cells[5].outputs[0]["data"])

    def test_opensnoop_sees_the_same_files_as_bpftrace(self):
        # Only the notebook's directory (Files.createTempDirectory("opensnoop")) is printed: a machine opening files
        # by the thousand would otherwise overflow bpftrace's output buffer ("Lost N events") and the counts differ.
        cells, output = self.run_beside_bpftrace("tools-opensnoop.ipynb", 'tracepoint:syscalls:sys_enter_openat '
                                                 '/strncmp(str(args->filename), "/tmp/opensnoop", 14) == 0/ '
                                                 '{ printf("OPEN %d %s\\n", pid, str(args->filename)); }')
        kernel = number_in(cells[0], "kernel pid")
        directory = re.search(r"directory (\S+)", text(cells[1])).group(1).rstrip('"')
        by_bpftrace = Counter(path for pid, path in re.findall(r"^OPEN (\d+) (.*)$", output, re.M)
                              if int(pid) == kernel and path.startswith(directory + "/"))
        by_notebook = java_map(cells[4])
        expected = {"often.txt": 1 + 6, "sometimes.txt": 1 + 3, "once.txt": 1 + 1, "missing.txt": 2}  # written, then read
        self.assertEqual({f"{directory}/{name}": n for name, n in expected.items()}, by_notebook)
        self.assertEqual(dict(by_bpftrace), by_notebook, "the same files, as often")
        self.assertIn("image/png", cells[5].outputs[0]["data"])

    def test_runqlat_histogram_matches_bpftrace_bucket_by_bucket(self):
        cells, output = self.run_beside_bpftrace("tools-runqlat.ipynb", """
            tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new
            /args->comm == "rq-worker"/ { @woken[args->pid] = nsecs; }
            tracepoint:sched:sched_switch
            /args->next_comm == "rq-worker" && @woken[args->next_pid]/ {
                @us = hist((nsecs - @woken[args->next_pid]) / 1000); delete(@woken[args->next_pid]); }
            END { clear(@woken); }""")
        by_notebook = log2_hist("".join(o.get("text", "") for o in cells[3].outputs))
        by_bpftrace = log2_hist(output)
        total, total_bpftrace = sum(by_notebook.values()), sum(by_bpftrace.values())
        print(f"runqlat histograms (low edge in us: wake-ups): notebook {by_notebook}, bpftrace {by_bpftrace}")
        self.assertEqual(total, number_in(cells[3], "total"))
        # About 1200 (4 workers x 300 sleeps): a few more from the JVM waking its threads, a few fewer when a
        # timer wakes a worker before it switched out (no switch-in follows; seen: 1198 in both tools).
        self.assertGreaterEqual(total, 1150, "4 workers x 300 sleeps")
        # Both stamp the same wake-ups and switches; they may differ by the odd event racing the attach or
        # a map update, so 2% is allowed on the totals.
        self.assertLessEqual(abs(total - total_bpftrace), total // 50, f"notebook {total}, bpftrace {total_bpftrace}")
        # Bucket by bucket: the two programs run one after the other on the same tracepoints, bpftrace's
        # first (it attached first), so the notebook's stamps come later by bpftrace's run time — more at
        # the switch, where bpftrace does more — and its latencies are a few microseconds longer. That moves
        # wake-ups lying just below a power of two up one bucket, not down: 33 to 103 of about 1190 moved from
        # [8, 16) to [16, 32) in four runs at load 4 to 20, which put the notebook's share of wake-ups under
        # 16 us up to 8.8 points below bpftrace's (at every other edge within 0.2). So at every edge the
        # notebook's cumulative share may be lower by 15 points but higher by 2 at most (which also bounds
        # each bucket). A histogram shifted up by a whole bucket is 27 to 36 points lower at its most crowded
        # edge (16, 32 or 64 us, in those runs) and fails; shifted down, it is higher and fails at once.
        ours, theirs = 0, 0
        for low in sorted(set(by_notebook) | set(by_bpftrace)):
            ours, theirs = ours + by_notebook.get(low, 0), theirs + by_bpftrace.get(low, 0)
            gap = ours / total - theirs / total_bpftrace
            where = f"cumulative share up to [{low}, ...): notebook {ours}/{total}, bpftrace {theirs}/{total_bpftrace}"
            self.assertLessEqual(gap, 0.02, "the notebook's latencies are never the shorter ones: " + where)
            self.assertGreaterEqual(gap, -0.15, where)
        self.assertIn("image/png", cells[1].outputs[0]["data"], "the live histogram")
        self.assertIn("image/png", cells[4].outputs[0]["data"])


    def test_profile_finds_the_same_hot_functions_as_bpftrace_with_shares_within_eight_points(self):
        # bpftrace names user stacks when it prints, which needs the process alive: hotspots' write of "done"
        # makes it print then, while hotspots waits for its last line; clear() leaves nothing to print at exit.
        cells, output = self.run_beside_bpftrace("tools-profile.ipynb", """
            profile:hz:99 /comm == "hotspots"/ { @[ustack] = count(); }
            tracepoint:syscalls:sys_enter_write /comm == "hotspots"/ { print(@); clear(@); }""")
        by_bpftrace = Counter()
        for leaf, n in re.findall(r"^@\[\n\s+(\S+)[^\]]*\]: (\d+)$", output, re.M):
            by_bpftrace[re.sub(r"\+\d+$", "", leaf)] += int(n)
        by_notebook = java_map(cells[4])
        ours, theirs = sum(by_notebook.values()), sum(by_bpftrace.values())
        # Shares among the three workers: a sample taken in the kernel (a timer interrupt on its way back, a few
        # percent) has a kernel leaf for us but the interrupted user function for bpftrace's ustack.
        workers = ("parse_records", "checksum", "format_report")
        share = {name: round(100 * by_notebook.get(name, 0) / sum(by_notebook.get(w, 0) for w in workers), 1) for name in workers}
        share_bpftrace = {name: round(100 * by_bpftrace[name] / sum(by_bpftrace[w] for w in workers), 1) for name in workers}
        print(f"profile samples: notebook {ours} {share}, bpftrace {theirs} {share_bpftrace}")
        self.assertGreater(ours, 500, "ten seconds of CPU time at 99 Hz: about 1000 samples")
        self.assertEqual("parse_records", max(by_notebook, key=by_notebook.get), by_notebook)
        self.assertEqual("parse_records", max(by_bpftrace, key=by_bpftrace.get), dict(by_bpftrace))
        # Both sample the same process at 99 Hz, each with its own timer: a share of p in ~1000 samples varies by
        # 1.5 points (one binomial standard deviation), the difference of two by 2; 8 points is four times that.
        # (With 400 samples, CI once saw checksum at 24.5% for us and 33.3% for bpftrace.)
        for name in share:
            self.assertLessEqual(abs(share[name] - share_bpftrace[name]), 8, f"{name}: {share} vs bpftrace {share_bpftrace}")
            self.assertLessEqual(abs(share[name] - {"parse_records": 60, "checksum": 30, "format_report": 10}[name]), 10,
                                 f"{name}: the 6:3:1 design, {share}")
        self.assertLessEqual(abs(ours - theirs), max(ours, theirs) // 5, f"sample counts: notebook {ours}, bpftrace {theirs}")
        svg = cells[2].outputs[-1]["data"]["image/svg+xml"]
        for function in ("main", "parse_records", "checksum", "format_report"):
            self.assertIn(function, svg)
        self.assertIn("image/png", cells[1].outputs[0]["data"], "the live view of the top functions")
        self.assertIn(f"hotspots: {ours} samples so far", cells[1].outputs[0]["data"]["text/plain"], "the live view ends on the final count")

    def test_funclatency_counts_every_call_like_bpftrace_with_the_same_peak_bucket(self):
        libc = os.path.realpath("/lib/x86_64-linux-gnu/libc.so.6")
        cells, output = self.run_beside_bpftrace("tools-funclatency.ipynb", f"""
            uprobe:{libc}:nanosleep /comm == "sleepyhead"/ {{ @start[tid] = nsecs; }}
            uretprobe:{libc}:nanosleep /comm == "sleepyhead" && @start[tid]/ {{
                @us = hist((nsecs - @start[tid]) / 1000); @calls = count(); delete(@start[tid]); }}
            END {{ clear(@start); }}""")
        printed = "".join(o.get("text", "") for o in cells[3].outputs)
        by_notebook, by_bpftrace = log2_hist(printed), log2_hist(output)
        print(f"funclatency histograms (low edge in us: calls): notebook {by_notebook}, bpftrace {by_bpftrace}")
        # Both attach before sleepyhead's first call, so neither may miss one: the counts are exact.
        self.assertIn("count: 1060\n", printed, "20 rounds of 40 + 10 + 3 naps")
        self.assertEqual(1060, sum(by_notebook.values()))
        self.assertEqual(1060, int(re.search(r"^@calls: (\d+)$", output, re.M).group(1)))
        self.assertEqual(1060, sum(by_bpftrace.values()))
        # A nap never ends early, but a busy machine wakes the napper late: at load 20 (other test suites running)
        # only 294 of the 800 naps of 1.3 ms stayed in [1024, 2048), 185 moved to [4096, 8192). So the naps are
        # checked by what load cannot change: the 800 of 1.3 ms and the 60 of 24 ms take at least that long.
        def at_least(us):
            return sum(n for low, n in by_notebook.items() if low >= us)

        self.assertGreaterEqual(at_least(1024), 800 + 60, f"the naps of 1.3 ms and 24 ms: {by_notebook}")
        self.assertGreaterEqual(at_least(16384), 60, f"the naps of 24 ms: {by_notebook}")
        # The same peak as bpftrace's, up to the per-bucket tolerance below (two buckets can be nearly level).
        peak = max(by_notebook, key=by_notebook.get)
        self.assertLessEqual(max(by_bpftrace.values()) - by_bpftrace.get(peak, 0), 21, f"our peak {peak}, bpftrace's {by_bpftrace}")
        # The two measure the same calls, each from its own probes; they differ only for a call within a few
        # microseconds of a bucket edge (one probe pair runs inside the other's): 2% of the calls at most.
        for low in sorted(set(by_notebook) | set(by_bpftrace)):
            self.assertLessEqual(abs(by_notebook.get(low, 0) - by_bpftrace.get(low, 0)), 21,
                                 f"bucket [{low}, ...): notebook {by_notebook}, bpftrace {by_bpftrace}")
        self.assertEqual(0, sum(n for low, n in by_notebook.items() if low < 64), "no nap ends early")
        self.assertIn("image/png", cells[2].outputs[0]["data"], "the live histogram")
        self.assertIn("1060 calls so far", cells[2].outputs[0]["data"]["text/plain"], "the live view ends on the final count")
        self.assertIn("image/png", cells[4].outputs[0]["data"])

if __name__ == "__main__":
    unittest.main()
