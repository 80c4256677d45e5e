"""Drive the real program in tmux: start it, send keys, read the screen, wait for text.

Each :class:`Terminal` has its own tmux server on a private socket (``-S``) in the test's own
temporary directory, so tests never touch anyone's tmux; :func:`private_terminals` (the
``terminals`` fixture) kills each server and removes its socket when the test ends, pass or fail.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def require(tool: str, *alternatives: str) -> str:
    """The tool's path; installs the Debian packages the tests need when it is missing (never skips)."""
    def found() -> str | None:
        for name in (tool, *alternatives):
            path = shutil.which(name) or (name if Path(name).exists() else None)
            if path:
                return path
        return None

    path = found()
    if path is None:
        subprocess.run(["bash", str(ROOT / "scripts" / "install-system-deps.sh")], check=False)
        path = found()
    assert path, f"{tool} is needed by the end-to-end tests and could not be installed"
    return path


class Terminal:
    def __init__(self, command: str, *, socket: Path, width: int = 80, height: int = 24,
                 env: dict[str, str] | None = None):
        self.tmux = require("tmux")
        self.socket = socket
        self.name = "officer"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell = f"cd {shlex.quote(str(ROOT))} && {'env ' + exports if exports else ''} {command}; echo EXITED $?; sleep 60"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run([self.tmux, "-S", str(self.socket), *args], capture_output=True, text=True, check=True)
        return done.stdout

    def screen(self, *, escapes: bool = False) -> str:
        """The screen's text; with ``escapes``, with its colour and attribute escape codes too."""
        return self._tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.name)

    def send(self, *keys: str, pause: float = 0.25) -> None:
        """Each key (a tmux key name like Enter, C-u, or literal text) sent, then a short pause."""
        for key in keys:
            if len(key) > 1 and not (key in {"Enter", "Escape", "Tab", "Down", "Up"} or key.startswith(("C-", "F"))):
                self._tmux("send-keys", "-t", self.name, "-l", key)
            else:
                self._tmux("send-keys", "-t", self.name, key)
            time.sleep(pause)

    def burst(self, *keys: str) -> None:
        """Every key in ONE tmux command, as fast as a terminal delivers them (key names like Enter
        and C-u are keys; anything else is typed as text)."""
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for {texts!r}; the screen shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        """Kill the server (and the program in it) and remove its socket; safe to call twice."""
        subprocess.run([self.tmux, "-S", str(self.socket), "kill-server"], capture_output=True)
        self.socket.unlink(missing_ok=True)  # tmux leaves it behind when its server is killed


@contextmanager
def private_terminals(directory: Path) -> Iterator[Callable[..., Terminal]]:
    """Opens terminals whose tmux sockets are in ``directory``; on leaving, every server is
    killed and its socket removed, whatever the test did."""
    directory.mkdir(exist_ok=True)
    opened: list[Terminal] = []

    def open_terminal(command: str, **options) -> Terminal:
        # short names: a Unix socket's path is limited to about 100 characters
        opened.append(Terminal(command, socket=directory / f"t{len(opened)}", **options))
        return opened[-1]

    try:
        yield open_terminal
    finally:
        for term in opened:
            term.close()


def revtui_command(store_path) -> str:
    """The real program, from this worktree."""
    return (f"PYTHONPATH={shlex.quote(str(ROOT))} {shlex.quote(sys.executable)} -m revtui.cli "
            f"--store {shlex.quote(str(store_path))}")
