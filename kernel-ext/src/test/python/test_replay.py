"""Every notebook of the repository replayed from its recording, through nbclient, by a user this test creates:
not root, no CAP_BPF, no CAP_PERFMON, as on a workshop laptop or mybinder.org. Nothing tells the kernel to replay
or where the recording is: without BPF privileges the library replays by itself, and finds the notebook's recording
beside it. Each notebook's outputs must be the recorded ones; one that no longer matches fails with the command that
records it again."""
import json
import os
import shutil
import subprocess
import unittest
from pathlib import Path

from system_user import system_user

NOTEBOOKS = Path(os.environ.get("TRACEBOOK_NOTEBOOKS", Path(__file__).parents[4] / "notebooks")).resolve()
WORK = Path(os.environ.get("TRACEBOOK_TEST_WORK", "/tmp/tracebook-kernel-tests")).resolve()
CHECKER = (Path(__file__).parents[2] / "main" / "python" / "tracebook_notebooks.py").resolve()
INSTALL = (Path(__file__).parents[2] / "main" / "sh" / "install-kernel.sh").resolve()
JAVA_HOME = Path(os.environ.get("TRACEBOOK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
USER = "replay-notebooks"
CAPABILITIES = {"CAP_SYS_ADMIN": 21, "CAP_PERFMON": 38, "CAP_BPF": 39}


def readable_classpath(target):
    """The kernel's class path copied where the user can read it (the build's jars live in root's ~/.m2)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    entries = []
    for number, entry in enumerate(p for p in os.environ["TRACEBOOK_KERNEL_CLASSPATH"].split(os.pathsep) if p):
        source = Path(entry)
        copy = target / f"{number:03d}-{source.name}"
        if source.is_dir():
            shutil.copytree(source, copy)
        else:
            shutil.copy2(source, copy)
        entries.append(str(copy))
    return os.pathsep.join(entries)


class ReplayWithoutPrivileges(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            reason = "creating the unprivileged user needs root"
            if os.environ.get("TRACEBOOK_REQUIRE_KERNEL") == "1":
                raise AssertionError(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1")
            raise unittest.SkipTest(reason)
        cls.home = WORK / "home"
        shutil.rmtree(cls.home, ignore_errors=True)
        cls.user = system_user(USER, cls.home)
        (cls.home / "runtime").mkdir(parents=True)
        prefix = WORK / "jupyter"
        shutil.rmtree(prefix, ignore_errors=True)
        classpath = readable_classpath(WORK / "classpath")
        subprocess.run([str(INSTALL), str(JAVA_HOME / "bin" / "java"), classpath, "--prefix", str(prefix)],
                       check=True, capture_output=True)
        for path in (WORK, cls.home, prefix, WORK / "classpath"):
            subprocess.run(["chmod", "-R", "a+rX", str(path)], check=True)
        subprocess.run(["chown", "-R", f"{cls.user.pw_uid}:{cls.user.pw_gid}", str(cls.home)], check=True)
        cls.env = {"HOME": str(cls.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "JUPYTER_PATH": str(prefix / "share" / "jupyter"), "JUPYTER_RUNTIME_DIR": str(cls.home / "runtime"),
                   "JUPYTER_DATA_DIR": str(cls.home / "data"), "PYTHONUNBUFFERED": "1"}

    def as_user(self, *command, timeout=120):
        env = [f"{k}={v}" for k, v in self.env.items()]
        return subprocess.run(["runuser", "-u", USER, "--", "env", "-i", *env, *command], capture_output=True, text=True,
                              timeout=timeout, cwd=self.home)

    def test_the_user_has_no_bpf_privileges(self):
        status = self.as_user("cat", "/proc/self/status").stdout
        uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
        effective = int(next(line.split()[1] for line in status.splitlines() if line.startswith("CapEff:")), 16)
        self.assertNotEqual("0", uid)
        for name, bit in CAPABILITIES.items():
            self.assertFalse(effective & (1 << bit), f"{USER} has {name}")

    def test_every_notebook_replays_as_recorded(self):
        notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
        self.assertTrue(notebooks, f"no notebooks in {NOTEBOOKS}")
        run = self.as_user("/usr/bin/python3", str(CHECKER), "check", "--auto", *map(str, notebooks), timeout=60 * 14)
        results = {r["notebook"]: r for r in map(json.loads, filter(None, run.stdout.splitlines()))}
        self.assertEqual([n.name for n in notebooks], sorted(results), f"the checker stopped early:\n{run.stderr[-3000:]}")
        for notebook in notebooks:
            result = results[notebook.name]
            with self.subTest(notebook=notebook.name):
                self.assertEqual([], result["differences"],
                                 f"{notebook.name} no longer replays as recorded; run {result['record']}")
                source = notebook.read_text()
                if "Bpf.c(" in source or "%%bpf" in source or "Profile.start(" in source:
                    self.assertTrue(result["replay_notes"], f"{notebook.name}: no object said it was a replay")
                    self.assertTrue(all(" comes from " + notebook.stem + ".recording.zip, recorded on host " in note
                                        for note in result["replay_notes"]), result["replay_notes"])
        print(f"{len(notebooks)} notebooks replayed as {USER}, e.g. {next(iter(results.values()))['replay_notes'][:1]}")


if __name__ == "__main__":
    unittest.main()
