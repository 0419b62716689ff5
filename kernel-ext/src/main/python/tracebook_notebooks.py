"""Executing the repository's notebooks headless, recording them, and comparing a replay with its recording.

    python3 tracebook_notebooks.py record NOTEBOOK...   what `./tracebook record` runs (BPF privileges needed)
    python3 tracebook_notebooks.py check NOTEBOOK...    replays each (TRACEBOOK_MODE=replay) and compares its outputs

A notebook's recording is NAME.recording.zip beside NAME.ipynb. The kernel writes the recording itself (the
library records everything read while TRACEBOOK_MODE=record); once the notebook ran through, this script adds
`outputs.json`, the text of every output, which a replay must reproduce. The kernelspec "tracebook" is found on
JUPYTER_PATH, as `./tracebook record` and the tests install it.
"""
import json
import os
import sys
import zipfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SUFFIX = ".recording.zip"
OUTPUTS = "outputs.json"
# What a replay prints and a recording does not: one line per replayed object, and a note on a recording cut short.
REPLAY_NOTES = ("replay: ", "[")
TEXT_TYPES = ("text/plain", "text/html", "image/svg+xml")


def recording_of(notebook):
    return Path(notebook).with_name(Path(notebook).stem + SUFFIX)


def execute(notebook, env, timeout=300):
    """Runs every cell of `notebook` in a new Tracebook kernel started with `env` added to this environment, in the
    notebook's directory (as Jupyter starts kernels); returns the executed notebook."""
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name="tracebook", timeout=timeout, startup_timeout=120,
                            resources={"metadata": {"path": str(Path(notebook).parent)}})
    client.execute(env={**os.environ, **env})
    return nb


def outputs(nb):
    """What each code cell showed, in a form two runs can be compared by: stdout and stderr as whole texts (however
    they were split into messages), then each rich output's text forms (an image only by its presence)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown = {"stdout": "", "stderr": "", "results": [], "error": None}
        for out in cell.outputs:
            kind = out["output_type"]
            if kind == "stream":
                shown[out["name"]] += out["text"]
            elif kind in ("execute_result", "display_data"):
                data = out.get("data", {})
                shown["results"].append({**{m: data[m] for m in TEXT_TYPES if m in data}, "image/png": "image/png" in data})
            elif kind == "error":
                shown["error"] = {"ename": out["ename"], "evalue": out["evalue"]}
        shown["stderr"] = "".join(line for line in shown["stderr"].splitlines(keepends=True)
                                  if not line.startswith("replay: ") and "replay: the recording has no more reads" not in line)
        cells.append(shown)
    return cells


def around(a, b):
    """Both texts near where they first differ."""
    a, b = str(a), str(b)
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, at - 60)
    return f"\n  recorded: {a[start:at + 140]!r}\n  replayed: {b[start:at + 140]!r}"


def differences(recorded, replayed):
    """The cells whose replayed outputs differ from the recorded ones, each with the first difference."""
    found = []
    if len(recorded) != len(replayed):
        return [f"the notebook has {len(replayed)} code cells, the recording {len(recorded)}"]
    for number, (then, now) in enumerate(zip(recorded, replayed), start=1):
        for key in ("error", "stdout", "stderr"):
            if then[key] != now[key]:
                found.append(f"code cell {number}: {key} differs:" + around(then[key], now[key]))
                break
        else:
            if len(then["results"]) != len(now["results"]):
                found.append(f"code cell {number}: {len(now['results'])} outputs, recorded {len(then['results'])}")
                continue
            for a, b in zip(then["results"], now["results"]):
                keys = sorted(set(a) | set(b))
                diff = [k for k in keys if a.get(k) != b.get(k)]
                if diff:
                    k = diff[0]
                    found.append(f"code cell {number}: {k} differs:" + around(a.get(k), b.get(k)))
                    break
    return found


def recorded_outputs(recording):
    with zipfile.ZipFile(recording) as z:
        return json.loads(z.read(OUTPUTS))["cells"]


def record(notebook, root):
    """Executes `notebook` with recording on, into NAME.recording.zip beside it (replaced only once the run succeeded)."""
    notebook = Path(notebook).resolve()
    target = recording_of(notebook)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    relative = os.path.relpath(notebook, root)
    env = {"TRACEBOOK_MODE": "record", "TRACEBOOK_RECORDING": str(partial), "TRACEBOOK_RECORDING_OF": relative}
    try:
        nb = execute(notebook, env)
    except CellExecutionError as e:
        partial.unlink(missing_ok=True)
        raise SystemExit(f"tracebook record: {relative} failed, its recording is unchanged:\n{e}")
    if not partial.exists():
        raise SystemExit(f"tracebook record: the kernel of {relative} wrote no recording to {partial}")
    with zipfile.ZipFile(partial) as z:
        if "end.json" not in z.namelist():
            raise SystemExit(f"tracebook record: the kernel of {relative} did not finish its recording (no end.json in {partial})")
    with zipfile.ZipFile(partial, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(OUTPUTS, json.dumps({"notebook": relative, "cells": outputs(nb)}, indent=1))
    partial.replace(target)
    return target


def check(notebook, env=None):
    """Replays `notebook` from its recording and returns how its outputs differ from the recorded ones (empty: none)."""
    notebook = Path(notebook).resolve()
    recording = recording_of(notebook)
    replayed = outputs(execute(notebook, {"TRACEBOOK_MODE": "replay", "TRACEBOOK_RECORDING": str(recording), **(env or {})}))
    return differences(recorded_outputs(recording), replayed)


def main(argv):
    if len(argv) < 2 or argv[0] not in ("record", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(os.environ.get("TRACEBOOK_ROOT", Path(__file__).resolve().parents[4]))
    status = 0
    for notebook in argv[1:]:
        if argv[0] == "record":
            target = record(notebook, root)
            print(f"tracebook record: {os.path.relpath(target, root)} ({target.stat().st_size / 1e6:.2f} MB)")
        else:
            found = check(notebook)
            print(f"{notebook}: " + ("replays as recorded" if not found else "\n".join(found)))
            status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
