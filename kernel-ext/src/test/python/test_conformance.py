"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) with Java examples."""
import unittest

import jupyter_kernel_test


class TracebookConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "tracebook"

    language_name = "Java"
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


if __name__ == "__main__":
    unittest.main()
