"""What a scheduled job leaves behind: a log file the administrator chooses, and a JSON summary.

``revtui --log FILE`` (or ``REVTUI_LOG``) appends one line when a command starts and one when it
ends (officer, store, command, exit status, seconds), and the messages a failed job gives; the
file is private to the service account (personal data may be named in a message). ``--json``
prints, instead of the command's text summary, one JSON object a scheduler can read: the command,
its exit status, when it ran, who ran it and the summary's lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from safefiles import make_private

__all__ = ["LOGGER", "log_to", "logged", "json_summary"]

LOGGER = logging.getLogger("revtui")
LOGGER.addHandler(logging.NullHandler())


def log_to(path: str | Path) -> None:
    """Append the program's log to ``path`` (created private to the account running it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch()
        make_private(path)
    for old in [h for h in LOGGER.handlers if isinstance(h, logging.FileHandler)]:  # one log per run of main()
        LOGGER.removeHandler(old)
        old.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)


@contextlib.contextmanager
def logged(command: str, *, officer: str, store: str) -> Iterator[Callable[[int], None]]:
    """Log ``command``'s start and, through the callback it gives, its exit status."""
    started = time.monotonic()
    LOGGER.info("start %s (officer %s, store %s)", command, officer, store)
    finished: list[int] = []
    yield finished.append
    status = finished[-1] if finished else 70
    level = logging.INFO if status == 0 else logging.WARNING
    LOGGER.log(level, "end %s: exit status %d after %.1f s", command, status, time.monotonic() - started)


def json_summary(command: str, run: Callable[[], int], *, officer: str, store: str) -> int:
    """Run ``run`` with its standard output captured; print one JSON object; its exit status."""
    started = dt.datetime.now(dt.timezone.utc)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run()
    print(json.dumps({
        "command": command,
        "exit_status": status,
        "ok": status == 0,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
        "officer": officer,
        "store": store,
        "summary": [line for line in out.getvalue().splitlines() if line.strip()],
    }, indent=None))
    return status
