"""Execution as a notebook sees it: streaming output, live displays, the stop button, a killed kernel."""
import os
import re
import signal
import time
import unittest

from kernel_client import Kernel


class Behaviour(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel()
        print(f"kernel ready in {cls.kernel.startup_seconds:.2f} s")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def execute_ok(self, code, **options):
        execution = self.kernel.execute(code, **options)
        self.assertEqual("ok", execution.status, execution.traceback())
        return execution

    def test_expression_value_and_round_trip_time(self):
        self.execute_ok("int warm = 1;")
        started = time.monotonic()
        execution = self.execute_ok("warm + 41")
        round_trip = time.monotonic() - started
        print(f"round trip of a small cell: {round_trip * 1000:.0f} ms")
        self.assertEqual("42", execution.result())

    def test_statements_print_and_declarations_show_nothing(self):
        execution = self.execute_ok('int x = 5;\nSystem.out.println("x is " + x);')
        self.assertEqual("x is 5\n", execution.stdout())
        self.assertEqual([], execution.of_type("execute_result"))

    def test_output_streams_while_the_cell_runs(self):
        execution = self.execute_ok(
            'for (int i = 0; i < 4; i++) { System.out.println("tick " + i); Thread.sleep(400); }')
        ticks = [(t, m) for t, m in execution.messages if m["msg_type"] == "stream"]
        self.assertEqual("tick 0\ntick 1\ntick 2\ntick 3\n", execution.stdout())
        first_arrival = ticks[0][0]
        self.assertLess(first_arrival, execution.reply_time - 1.0,
                        "the first line should arrive while the cell still runs, not with its reply")
        self.assertGreaterEqual(len(ticks), 3, "lines printed 400 ms apart arrive as separate messages")

    def test_stdout_and_stderr_keep_their_order(self):
        execution = self.execute_ok('System.out.println("one"); System.err.println("two"); System.out.println("three");')
        streams = [(m["content"]["name"], m["content"]["text"]) for m in execution.of_type("stream")]
        self.assertEqual([("stdout", "one\n"), ("stderr", "two\n"), ("stdout", "three\n")], streams)

    def test_display_and_update_while_the_cell_runs(self):
        execution = self.execute_ok(
            'String id = display("step 0");\n'
            'for (int i = 1; i <= 5; i++) { Thread.sleep(150); updateDisplay(id, "step " + i); }\n'
            'Thread.sleep(400);')
        displays = execution.of_type("display_data")
        self.assertEqual(1, len(displays))
        display_id = displays[0]["content"]["transient"]["display_id"]
        self.assertEqual("step 0", displays[0]["content"]["data"]["text/plain"])
        updates = execution.of_type("update_display_data")
        self.assertGreaterEqual(len(updates), 2)
        self.assertLessEqual(len(updates), 5)
        self.assertTrue(all(u["content"]["transient"]["display_id"] == display_id for u in updates))
        self.assertEqual("step 5", updates[-1]["content"]["data"]["text/plain"], "the last update is never dropped")

    def test_the_last_update_of_a_cell_arrives_before_its_reply(self):
        # nbclient (and so nbconvert --execute) stops listening to a cell at its reply: an update still
        # waiting for its redraw interval then would leave the saved notebook with an older frame. One
        # statement displays and updates, so the updates come well within the interval.
        execution = self.execute_ok(
            'String[] id = new String[1];\n'
            'for (int i = 0; i <= 3; i++) { if (i == 0) id[0] = display("frame 0"); else updateDisplay(id[0], "frame " + i); }')
        updates = execution.of_type("update_display_data")
        self.assertTrue(updates, "no update before the reply")
        self.assertEqual("frame 3", updates[-1]["content"]["data"]["text/plain"])

    def test_background_thread_updates_a_display_after_the_cell_returned(self):
        execution = self.execute_ok(
            'String live = display("count 0");\n'
            'Thread updater = new Thread(() -> {\n'
            '    long started = System.nanoTime();\n'
            '    for (int i = 1; i <= 20; i++) {\n'
            '        try { Thread.sleep(100); } catch (InterruptedException e) { return; }\n'
            '        updateDisplay(live, "count " + i);\n'
            '    }\n'
            '    System.out.println("animated for " + (System.nanoTime() - started) / 1_000_000 + " ms");\n'
            '});\n'
            'updater.start();')
        display_id = execution.of_type("display_data")[0]["content"]["transient"]["display_id"]
        self.kernel.stray.clear()

        def updates():
            return [m for _, m in self.kernel.stray
                    if m["msg_type"] == "update_display_data" and m["content"]["transient"]["display_id"] == display_id]

        def animated_millis():
            printed = "".join(m["content"]["text"] for _, m in self.kernel.stray if m["msg_type"] == "stream")
            found = re.search(r"animated for (\d+) ms", printed)
            return int(found.group(1)) if found else None

        # The animation takes 2 s on a quiet machine; a busy one stretches its sleeps, so wait for its end.
        self.kernel.listen_until(lambda: animated_millis() is not None
                                 and any(m["content"]["data"]["text/plain"] == "count 20" for m in updates()))
        received = updates()
        self.assertTrue(received, "updates from a background thread must reach the front end")
        self.assertTrue(all(m["parent_header"]["msg_id"] == execution.msg_id for m in received),
                        "updates are parented to the cell that created the display")
        self.assertEqual("count 20", received[-1]["content"]["data"]["text/plain"])
        # The throttle is judged against how long the animation ran in the kernel, not by arrival times here,
        # which bunch up when this client or the kernel's IOPub thread is held up on a busy machine.
        span = animated_millis() / 1000
        self.assertLessEqual(len(received), 2 + span * 4.5, f"{len(received)} updates in {span:.1f} s: not throttled")
        self.assertGreaterEqual(len(received), 4, "a 2-second animation shows several frames")

    def test_print_from_a_background_thread_goes_to_its_cell(self):
        execution = self.execute_ok(
            'new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } '
            'System.out.println("later"); }).start();')
        self.kernel.stray.clear()
        self.kernel.listen_until(lambda: any(m["msg_type"] == "stream" for _, m in self.kernel.stray))
        self.kernel.listen(0.5)  # a second copy of the line would arrive by now
        later = [m for _, m in self.kernel.stray if m["msg_type"] == "stream"]
        self.assertEqual(["later\n"], [m["content"]["text"] for m in later])
        self.assertEqual(execution.msg_id, later[0]["parent_header"]["msg_id"])

    def assert_interrupted(self, execution, within_seconds):
        """Stopped with the reply coming at most `within_seconds` after the stop button was pressed."""
        self.assertEqual("error", execution.status)
        self.assertEqual("Interrupted", execution.reply["content"]["ename"], execution.traceback())
        self.assertLess(execution.reply_time - execution.interrupted_at, within_seconds)
        self.assertEqual("2", self.execute_ok("1 + 1").result(), "the kernel still answers")

    def test_stop_button_ends_a_sleeping_cell(self):
        execution = self.kernel.execute("Thread.sleep(60000);", interrupt_after=1.0)
        self.assert_interrupted(execution, within_seconds=3.0)

    def test_stop_button_ends_a_busy_loop(self):
        execution = self.kernel.execute("long spins = 0;\nwhile (true) { spins++; }", interrupt_after=1.0)
        self.assert_interrupted(execution, within_seconds=3.0)

    def test_stop_button_ends_a_loop_that_swallows_interrupts(self):
        execution = self.kernel.execute(
            "while (true) { try { Thread.sleep(100000); } catch (Throwable ignored) { } }", interrupt_after=1.0)
        self.assert_interrupted(execution, within_seconds=3.0)

    def test_stop_button_abandons_a_cell_that_cannot_be_stopped(self):
        # Blocked on a monitor: no interrupt, no loop of its own. The kernel gives up waiting and moves on.
        self.execute_ok(
            "Object lock = new Object();\n"
            "new Thread(() -> { synchronized (lock) { try { Thread.sleep(8000); } catch (InterruptedException e) { } } }).start();\n"
            "Thread.sleep(200);")
        execution = self.kernel.execute("synchronized (lock) { }", interrupt_after=1.0)
        self.assert_interrupted(execution, within_seconds=6.0)
        self.assertIn("keeps running", execution.traceback())

    def test_stop_button_leaves_background_threads_of_earlier_cells_running(self):
        execution = self.execute_ok(
            'String ticker = display("t 0");\n'
            'new Thread(() -> { for (int i = 1; i <= 30; i++) {\n'
            '    try { Thread.sleep(100); } catch (InterruptedException e) { return; }\n'
            '    updateDisplay(ticker, "t " + i); } }).start();')
        display_id = execution.of_type("display_data")[0]["content"]["transient"]["display_id"]
        self.kernel.execute("Thread.sleep(60000);", interrupt_after=0.5)
        self.kernel.stray.clear()

        def texts():
            return [m["content"]["data"]["text/plain"] for _, m in self.kernel.stray
                    if m["msg_type"] == "update_display_data" and m["content"]["transient"]["display_id"] == display_id]

        # The ticker ends about 3 s after it started on a quiet machine; a busy one stretches its sleeps.
        self.kernel.listen_until(lambda: "t 30" in texts())
        self.assertIn("t 30", texts(), "the earlier cell's thread kept running through the interrupt")


class KilledKernel(unittest.TestCase):

    def test_sigkill_ends_the_kernel_and_a_new_one_starts(self):
        kernel = Kernel()
        try:
            self.assertEqual("ok", kernel.execute('String id = display("x");').status)
            pid = kernel.manager.provisioner.process.pid
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while kernel.manager.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertFalse(kernel.manager.is_alive())
            kernel.manager.restart_kernel(now=True)
            kernel.client.wait_for_ready(timeout=120)
            self.assertEqual("3", kernel.execute("1 + 2").result())
        finally:
            kernel.shutdown()


if __name__ == "__main__":
    unittest.main()
