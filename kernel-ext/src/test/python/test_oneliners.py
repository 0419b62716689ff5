"""The one-liner DSL in a notebook: the %trace line magic (a live view, then the Table), its C, the one-expression
form, completion on the builder, errors at the call that is wrong, and the stop button ending a %trace."""
import time
import unittest

from bpf_probes import links_of
from test_bpf import KernelWithOpener  # opening(millis): opens of our own, from a thread of the kernel's JVM


class OneLiners(KernelWithOpener):

    def test_trace_magic_draws_a_live_view_then_returns_the_table(self):
        execution = self.execute_ok(
            'Thread t = opening(3000);\n'
            '%trace --for 2s tracepoint:syscalls:sys_enter_openat when(pid().eq(ProcessHandle.current().pid())).count().by(comm())',
            timeout=120)
        self.assertEqual(1, len(execution.of_type("display_data")), "the live view")
        self.assertGreaterEqual(len(execution.of_type("update_display_data")), 2, "redrawn while it traced")
        html = execution.result("text/html")
        self.assertIn("<th>count</th>", html)
        self.assertRegex(html, r"<td>[1-9]\d*</td>")

    def test_trace_magic_shows_the_c_and_explains_it(self):
        c = self.execute_ok("%trace --c tracepoint:syscalls:sys_enter_openat count().by(comm())").result()
        self.assertIn("PERCPU_HASH(counts, struct counts_key, s64, 4096);", c)
        self.assertIn('SEC("tracepoint/syscalls/sys_enter_openat")', c)
        explained = self.execute_ok('%trace --explain tracepoint:syscalls:sys_exit_read when(pid().eq(1)).hist(arg("ret"))').result()
        self.assertIn("is bpftrace's tracepoint:syscalls:sys_exit_read /pid == 1/ { @ = hist(args.ret); }", explained)

    def test_the_one_expression_form(self):
        html = self.execute_ok('on("BEGIN").printf("hello world\\n").run(Duration.ZERO)').result("text/html")
        self.assertIn("<td style=\"text-align: left\">hello world</td>", html)

    def test_completion_on_the_builder(self):
        for code, expected in [('on("tracepoint:syscalls:sys_enter_openat").cou', "count()"),
                               ('on("tracepoint:syscalls:sys_enter_openat").count().b', "by("),
                               ("comm().startsW", "startsWith("),
                               ("elaps", "elapsed()")]:
            reply = self.kernel.request(lambda c: c.complete(code, len(code)))
            self.assertIn(expected, reply["content"]["matches"], code)

    def test_a_wrong_call_fails_there_with_what_to_write(self):
        execution = self.kernel.execute('on("tracepoint:syscalls:sys_enter_openat").hist(arg("filename"))')
        self.assertEqual("error", execution.status)
        self.assertIn("hist() needs a number", execution.traceback())
        self.assertIn("the address of user text", execution.traceback())

    def test_stop_button_ends_a_trace_and_detaches_it(self):
        attached = []

        def tracing():
            if not attached and links_of("on_sys_enter_getpgid"):
                attached.append(time.monotonic())
            return bool(attached) and time.monotonic() - attached[0] > 1

        execution = self.kernel.execute("%trace --for 60s tracepoint:syscalls:sys_enter_getpgid count()", timeout=120,
                                        interrupt_when=tracing)
        self.assertIsNotNone(execution.interrupted_at, f"never attached: {execution.traceback()}")
        self.assertLess(execution.reply_time - execution.interrupted_at, 5)
        self.assertEqual([], links_of("on_sys_enter_getpgid"))


if __name__ == "__main__":
    unittest.main()
