"""Executing the repository's notebooks headless, recording them, and comparing a replay with its recording.

    python3 tracebook_notebooks.py record NOTEBOOK...           what `./tracebook record` runs (BPF privileges needed)
    python3 tracebook_notebooks.py check [--auto] NOTEBOOK...   replays each at instant speed and compares its outputs:
                                                                TRACEBOOK_MODE=replay, or with --auto as the library
                                                                decides (a process without BPF privileges replays the
                                                                recording it finds beside the notebook); prints one JSON
                                                                line per notebook

A notebook's recording is NAME.recording.zip beside NAME.ipynb. The kernel writes the recording itself (the
library records everything read while TRACEBOOK_MODE=record); once the notebook ran through, this script adds
`outputs.json`, the text of every output, which a replay must reproduce. The kernelspec "tracebook" is found on
JUPYTER_PATH, as `./tracebook record` and the tests install it.
"""
import json
import os
import re
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
# Object.toString()'s identity hash ("BufferedImage@68633d35") differs from JVM to JVM.
IDENTITY_HASH = re.compile(r"(?<=[\w$])@[0-9a-f]{5,8}\b")


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
                shown["results"].append({**{m: IDENTITY_HASH.sub("@…", data[m]) for m in TEXT_TYPES if m in data},
                                         "image/png": "image/png" in data})
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
        cells = json.loads(z.read(OUTPUTS))["cells"]
    for cell in cells:
        for result in cell["results"]:
            for mime in TEXT_TYPES:
                if mime in result:
                    result[mime] = IDENTITY_HASH.sub("@…", result[mime])
    return cells


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


def replay_notes(nb):
    """The lines a replay printed saying what each replayed object comes from."""
    return [line for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
            if out["output_type"] == "stream" and out["name"] == "stderr" for line in out["text"].splitlines()
            if line.startswith("replay: ")]


def check(notebook, auto=False):
    """Replays `notebook` at instant speed and compares its outputs with the recorded ones: {"notebook", "differences"
    (empty: it replays as recorded), "replay_notes" (what the replayed objects said), "record" (the command that records
    it again)}. With `auto`, the library chooses the mode and finds the recording itself."""
    notebook = Path(notebook).resolve()
    recording = recording_of(notebook)
    env = {"TRACEBOOK_REPLAY_SPEED": "instant"}
    if not auto:
        env.update({"TRACEBOOK_MODE": "replay", "TRACEBOOK_RECORDING": str(recording)})
    result = {"notebook": notebook.name, "differences": [], "replay_notes": [],
              "record": f"./tracebook record notebooks/{notebook.name}"}
    if not recording.exists():
        result["differences"] = [f"it has no recording ({recording.name})"]
        return result
    try:
        nb = execute(notebook, env)
    except CellExecutionError as e:
        result["differences"] = [f"a cell failed:\n{e}"]
        return result
    result["differences"] = differences(recorded_outputs(recording), outputs(nb))
    result["replay_notes"] = replay_notes(nb)
    return result


def main(argv):
    if len(argv) < 2 or argv[0] not in ("record", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(os.environ.get("TRACEBOOK_ROOT", Path(__file__).resolve().parents[4]))
    status = 0
    auto = "--auto" in argv
    for notebook in [a for a in argv[1:] if a != "--auto"]:
        if argv[0] == "record":
            target = record(notebook, root)
            print(f"tracebook record: {os.path.relpath(target, root)} ({target.stat().st_size / 1e6:.2f} MB)")
        else:
            result = check(notebook, auto)
            print(json.dumps(result), flush=True)
            status |= bool(result["differences"])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
