"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) with Java examples, and the kernel's
kernel_info as the shipped notebooks carry it."""
import json
import os
import unittest
from pathlib import Path

import jupyter_kernel_test
from jupyter_client.kernelspec import KernelSpecManager

NOTEBOOKS = Path(os.environ.get("TRACEBOOK_NOTEBOOKS", Path(__file__).parents[4] / "notebooks"))


class TracebookConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "tracebook"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wait_for_ready sends a kernel_info request every second until one is answered, so a kernel that takes
        # seconds to start has several queued; it answers them one after the other, and their busy and idle statuses
        # can arrive after a test's 0.1 s flush: test_clear_output, the first test, once took a late "idle" for its
        # own first status. One more request, answered after all of those (a kernel handles the shell channel in
        # order), and its own idle status mark the end of them.
        msg_id = cls.kc.kernel_info()
        while cls.kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
            pass
        while True:
            message = cls.kc.get_iopub_msg(timeout=60)
            if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"):
                break

    def execute_helper(self, *args, **kwargs):
        """jupyter_kernel_test's, without its timing: it waits 1 s for the busy status and then 0.1 s for each IOPub
        message after the reply, an assumption of an idle machine. On a loaded 2-CPU VM the idle status once came
        more than 0.1 s after the reply (fresh-clone run 10, load average 7, test_error: queue.Empty). What it checks
        (every message, its parent and its order) stays; each message may take up to 30 s."""
        channel = self.kc.iopub_channel
        get_msg = channel.get_msg
        channel.get_msg = lambda timeout=None, **rest: get_msg(timeout=30, **rest)
        try:
            return super().execute_helper(*args, **kwargs)
        finally:
            del channel.get_msg

    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "Math.floorMo", "matches": {"floorMod("}},
        {"text": 'String greeting = "hi"; greeting.toUpperC', "matches": {"toUpperCase("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 2;", "for (int i = 0; i < 3; i++) {}", "%classpath lib"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = 1 +", 'String s = """\n  text']
    invalid_code_samples = ["1 + 1)", "int[] a = {1, 2};)"]

    code_generate_error = 'throw new IllegalStateException("on purpose");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"tra" + "cebook"', "result": "tracebook"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]

    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": 'display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB));',
         "mime": "image/png"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"

    code_inspect_sample = "Math.max"

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    def test_shipped_notebooks_carry_the_kernels_language_info_and_kernelspec(self):
        """Notebook 6 marks a notebook changed ("unsaved changes") on opening when its metadata differ from what the
        kernel reports (language_info, compared field by field) or from the kernelspec's name, display name and
        language: every shipped notebook carries exactly those."""
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.reply_to(msg_id)
        spec = KernelSpecManager().get_kernel_spec(self.kernel_name)
        expected = {"kernelspec": {"display_name": spec.display_name, "language": spec.language, "name": self.kernel_name},
                    "language_info": reply["content"]["language_info"]}
        notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
        self.assertTrue(notebooks, f"no notebooks in {NOTEBOOKS}")
        for path in notebooks:
            metadata = json.loads(path.read_text())["metadata"]
            self.assertEqual(expected, {key: metadata.get(key) for key in expected}, path.name)

    def reply_to(self, msg_id):
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply


if __name__ == "__main__":
    unittest.main()
