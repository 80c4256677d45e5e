"""Progress of a long batch job on stderr: a rich progress bar on a terminal, one line in a log.

A job gives its progress as ``callback(done, total)``; :func:`progress_bar` makes one. On a
terminal the bar shows the count, the rate and the time left; from cron (no terminal) nothing is
drawn and the finished count is written once, so a log holds one line, not thousands.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["progress_bar"]


@contextlib.contextmanager
def progress_bar(label: str, *, stream=None) -> Iterator[Callable[[int, int], None]]:  # noqa: ANN001
    """A ``(done, total)`` callback drawing ``label``'s progress while the block runs."""
    stream = stream or sys.stderr
    if not stream.isatty():
        last: list[int] = [0, 0]

        def remember(done: int, total: int) -> None:
            last[:] = [done, total]

        yield remember
        if last[1]:
            print(f"{label}: {last[0]:,} of {last[1]:,}", file=stream, flush=True)
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=stream), transient=False)
    task = bar.add_task(label, total=None)
    with bar:
        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
