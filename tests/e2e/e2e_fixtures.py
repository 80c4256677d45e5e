import datetime as dt
import shutil

import pytest

from revtui.clock import set_training_date
from revtui.demo.settings import DEMO_COUNCILS
from revtui.services.sample import sample_store

TODAY = dt.date(2026, 11, 23)


@pytest.fixture()
def council(tmp_path):
    """A training store (its own fixed date) of the sample council."""
    path = tmp_path / "council.db"
    store = sample_store(path, 60)
    set_training_date(store, TODAY, reason="end-to-end test day")
    store.close()
    # its settings beside it, where revtui finds them (an SSH login does not carry REVTUI_COUNCILS)
    shutil.copytree(DEMO_COUNCILS, tmp_path / "councils")
    return path


@pytest.fixture()
def terminals(tmp_path):
    """Opens a :class:`terminal.Terminal` on a private tmux socket in the test's directory; at the
    end each tmux server is killed and its socket removed (none left in the temporary directory)."""
    from terminal import private_terminals

    with private_terminals(tmp_path / "tmux") as open_terminal:
        yield open_terminal


def start_sshd(d, extra_config: str = ""):
    """Debian's OpenSSH server on 127.0.0.1, a spare port, a fresh host key and one client key
    (authorised for every user) in the folder ``d``; ``extra_config`` is added to sshd_config.
    Returns the server process, the port and the client key's path."""
    import os
    import socket
    import subprocess
    import time
    from pathlib import Path

    from terminal import require

    server = require("sshd", "/usr/sbin/sshd")
    require("ssh")
    keygen = require("ssh-keygen")
    for name in ("host_key", "client_key"):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)], check=True)
    (d / "authorized_keys").write_text((d / "client_key.pub").read_text())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d / 'host_key'}\n"
        f"AuthorizedKeysFile {d / 'authorized_keys'}\nPidFile {d / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPrintMotd no\nPrintLastLog no\n"
        + extra_config
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    process = subprocess.Popen([server, "-D", "-e", "-f", str(d / "sshd_config")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"sshd did not start: {process.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
    return process, port, d / "client_key"


def ssh_login(port: int, key, user: str) -> str:
    return (f"ssh -t -p {port} -i {key} -o IdentitiesOnly=yes -o BatchMode=yes "
            f"-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {user}@127.0.0.1")


@pytest.fixture()
def sshd(tmp_path):
    """A real SSH login for the current user, as officers use the program."""
    import getpass

    d = tmp_path / "ssh"
    d.mkdir()
    process, port, key = start_sshd(d)
    yield ssh_login(port, key, getpass.getuser())
    process.terminate()
    process.wait(timeout=10)
