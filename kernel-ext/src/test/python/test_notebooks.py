"""The notebooks of the repository, executed headless with nbclient as `jupyter nbconvert --execute` would."""
import os
import unittest
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(os.environ.get("TRACEBOOK_NOTEBOOKS", Path(__file__).parents[4] / "notebooks"))
WORK = Path(os.environ.get("TRACEBOOK_TEST_WORK", "/tmp/tracebook-kernel-tests"))


def execute(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, kernel_name="tracebook", timeout=120, startup_timeout=120).execute()
    WORK.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, WORK / name)  # kept for a look: target/.../executed notebooks
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


class Notebooks(unittest.TestCase):

    def test_kernel_smoke_notebook(self):
        greeting, lines, table, progress, image = execute("kernel-smoke.ipynb")
        self.assertEqual("Java 25", greeting.outputs[0]["data"]["text/plain"])
        self.assertEqual("line 1\nline 2\nline 3\n", lines.outputs[0]["text"])
        self.assertIn("5 rows &times; 2 columns", table.outputs[0]["data"]["text/html"])
        self.assertEqual(["progress 100%"], [o["data"]["text/plain"] for o in progress.outputs],
                         "nbclient applies update_display_data to the display in place")
        self.assertIn("image/png", image.outputs[0]["data"])


if __name__ == "__main__":
    unittest.main()
