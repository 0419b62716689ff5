"""The steps mybinder.org takes, as far as this machine allows: repo2docker cannot run here (no Docker engine), so a
fresh user with a fresh HOME gets a copy of the repository and an environment standing in for the conda one
binder/environment.yml describes (a venv over the system's Jupyter; the local JDK 25 and Maven in place of
conda-forge's; Maven's downloads copied from this machine's cache instead of fetched). Then only what binder/ does:
postBuild builds Tracebook and installs the kernelspec into the environment (--sys-prefix), and every notebook runs
through nbclient behind binder/start, which selects replay and caps the JVM's memory."""
import json
import os
import shutil
import subprocess
import unittest
from pathlib import Path

from system_user import system_user

ROOT = Path(__file__).resolve().parents[4]
WORK = Path(os.environ.get("TRACEBOOK_TEST_WORK", "/tmp/tracebook-kernel-tests")).resolve()
JAVA_HOME = Path(os.environ.get("TRACEBOOK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
USER = "replay-binder"


def copy_repository(target):
    """What repo2docker copies: the repository's files (tracked, and new ones not ignored), without build output."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


class BinderSteps(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            reason = "creating the fresh user needs root"
            if os.environ.get("TRACEBOOK_REQUIRE_KERNEL") == "1":
                raise AssertionError(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1")
            raise unittest.SkipTest(reason)
        cls.home = WORK / "home"
        shutil.rmtree(cls.home, ignore_errors=True)
        user = system_user(USER, cls.home)
        cls.repo = cls.home / "repo"
        copy_repository(cls.repo)
        cls.env_prefix = cls.home / "env"
        subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", "--without-pip", str(cls.env_prefix)], check=True)
        bin_dir = cls.env_prefix / "bin"
        # the environment's own jupyter commands, as conda installs them: running with its python, so --sys-prefix is it
        for command, code in (("jupyter", "from jupyter_core.command import main; main()"),
                              ("jupyter-kernelspec", "from jupyter_client.kernelspecapp import KernelSpecApp; KernelSpecApp.launch_instance()")):
            (bin_dir / command).write_text(f"#!{bin_dir / 'python'}\nimport sys\n{code}\n".replace("; ", "\n"))
            (bin_dir / command).chmod(0o755)
        for tool in ("java", "javac", "jshell"):
            (bin_dir / tool).symlink_to(JAVA_HOME / "bin" / tool)
        shutil.copytree(Path.home() / ".m2" / "repository", cls.home / ".m2" / "repository")
        (cls.home / "runtime").mkdir()
        subprocess.run(["chown", "-R", f"{user.pw_uid}:{user.pw_gid}", str(cls.home)], check=True)
        subprocess.run(["chmod", "a+rx", str(WORK)], check=True)
        cls.env = {"HOME": str(cls.home), "USER": USER, "LANG": "C.UTF-8", "PATH": f"{bin_dir}:/usr/bin:/bin",
                   "NB_PYTHON_PREFIX": str(cls.env_prefix), "JUPYTER_RUNTIME_DIR": str(cls.home / "runtime"),
                   "PYTHONUNBUFFERED": "1"}
        build = cls.as_user(str(cls.repo / "binder" / "postBuild"), timeout=30 * 60)
        (WORK / "postBuild.log").write_text(build.stdout + build.stderr)
        cls.built = build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]

    @classmethod
    def as_user(cls, *command, timeout=600):
        env = [f"{k}={v}" for k, v in cls.env.items()]
        return subprocess.run(["runuser", "-u", USER, "--", "env", "-i", *env, *command], capture_output=True, text=True,
                              timeout=timeout, cwd=cls.repo)

    def test_post_build_installs_the_kernelspec_into_the_environment(self):
        self.assertTrue(*self.built)
        spec = json.loads((self.env_prefix / "share" / "jupyter" / "kernels" / "tracebook" / "kernel.json").read_text())
        self.assertEqual("Java (Tracebook)", spec["display_name"])
        self.assertEqual(JAVA_HOME / "bin" / "java", Path(spec["argv"][0]).resolve(), "the environment's JDK 25")
        classpath = spec["argv"][spec["argv"].index("-cp") + 1].split(os.pathsep)
        self.assertTrue(all(entry.startswith(str(self.home)) for entry in classpath), classpath)

    def test_start_caps_the_jvm_and_selects_replay(self):
        self.assertTrue(*self.built)
        run = self.as_user(str(self.repo / "binder" / "start"), "sh", "-c",
                           "echo mode=$TRACEBOOK_MODE; java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -w MaxHeapSize")
        self.assertIn("mode=replay", run.stdout)
        self.assertRegex(run.stdout, r"MaxHeapSize\s+=\s+671088640\b", "-Xmx640m")

    def test_every_notebook_replays_as_recorded_behind_start(self):
        self.assertTrue(*self.built)
        notebooks = sorted((self.repo / "notebooks").glob("*.ipynb"))
        checker = self.repo / "kernel-ext" / "src" / "main" / "python" / "tracebook_notebooks.py"
        run = self.as_user(str(self.repo / "binder" / "start"), str(self.env_prefix / "bin" / "python"), str(checker), "check",
                           "--auto", *map(str, notebooks), timeout=25 * 60)
        results = {r["notebook"]: r for r in map(json.loads, filter(None, run.stdout.splitlines()))}
        self.assertEqual([n.name for n in notebooks], sorted(results), f"the checker stopped early:\n{run.stderr[-3000:]}")
        for notebook in notebooks:
            with self.subTest(notebook=notebook.name):
                self.assertEqual([], results[notebook.name]["differences"],
                                 f"{notebook.name} does not replay on Binder as recorded; run {results[notebook.name]['record']}")


if __name__ == "__main__":
    unittest.main()
