"""The users the replay and Binder tests run notebooks as: system accounts made once, no login, no capabilities."""
import pwd
import subprocess
from pathlib import Path


def system_user(name, home=None):
    """The account `name`, created when missing; with `home`, that is its home from now on (Java takes user.home,
    and so Maven its ~/.m2, from the account, not from $HOME)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
    if home is not None:
        Path(home).mkdir(parents=True, exist_ok=True)
        subprocess.run(["usermod", "--home", str(home), name], check=True)
    return pwd.getpwnam(name)
