"""What is attached in the kernel right now, from bpftool: links by the name of their program."""
import json
import os
import subprocess
import unittest


def require_kernel(test):
    """Kernel tests need root; without it they skip, unless TRACEBOOK_REQUIRE_KERNEL=1 makes that a failure."""
    if os.geteuid() == 0:
        return
    reason = "loading BPF programs needs root (or CAP_BPF + CAP_PERFMON)"
    if os.environ.get("TRACEBOOK_REQUIRE_KERNEL") == "1":
        test.fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1")
    raise unittest.SkipTest(reason)


def _bpftool(*args):
    out = subprocess.run(["bpftool", *args, "-j"], capture_output=True, text=True, check=True).stdout
    return json.loads(out) if out.strip() else []


def all_links():
    return _bpftool("link", "list")


def programs_named(program_name):
    """The loaded programs called `program_name` (the kernel keeps 15 characters of it), attached or not."""
    return [p for p in _bpftool("prog", "list") if p.get("name") == program_name[:15]]


def links_of(program_name):
    """The links whose program is called `program_name` (the kernel keeps 15 characters of it; bpftool shows the
    whole name when the program carries BTF, as libbpf's do)."""
    names = {p["id"]: p.get("name", "") for p in _bpftool("prog", "list")}
    return [link for link in all_links() if names.get(link.get("prog_id")) in (program_name, program_name[:15])]
