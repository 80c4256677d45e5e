"""Files holding personal data: created readable by their owner only, and CSV safe to open.

Every file the system writes that names a payer or holds their bank details (the store and its
WAL/SHM files, backups, PDFs, print-run indexes, Bacs files, reports) is created through
:func:`open_private`, mode 0600, whatever the process umask. Where the officers share files
through a Unix group, set ``REVTUI_GROUP_SHARED=1``: files are then created 0660 (owner and
group, never others). See docs/store.md.

Every CSV is written through :func:`csv_text` / :func:`write_csv`: a text cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote (OWASP's
advice on CSV injection), so a payment reference such as ``=HYPERLINK(...)`` shows as text in a
spreadsheet instead of running. Numbers the program itself writes (int and Decimal values, not
text) stay numbers, so "-12.50" remains a negative amount.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

__all__ = ["GROUP_SHARED_ENV", "private_mode", "open_private", "write_private", "make_private",
           "csv_cell", "csv_text", "write_csv"]

#: Set to 1 to create files 0660 for the officers' group instead of 0600.
GROUP_SHARED_ENV = "REVTUI_GROUP_SHARED"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def private_mode() -> int:
    """0o600, or 0o660 when ``REVTUI_GROUP_SHARED=1``."""
    return 0o660 if os.environ.get(GROUP_SHARED_ENV, "").strip() == "1" else 0o600


def make_private(path: str | os.PathLike[str], *, others_only: bool = False) -> None:
    """Narrow an existing file to :func:`private_mode` (never widens a stricter mode).

    ``others_only``: take away only what others may do, keeping the group's access as it is
    (for the store, which other officers' processes may already share through the group).
    A file of another user, which this process may not change, is left as it is.
    """
    allowed = 0o770 if others_only else private_mode()
    try:
        current = os.stat(path).st_mode & 0o777
        if current & ~allowed:
            os.chmod(path, current & allowed)
    except (PermissionError, FileNotFoundError):
        pass


def open_private(
    path: str | os.PathLike[str], mode: str = "w", *, exclusive: bool = False, **kwargs: Any
) -> IO[Any]:
    """Open ``path`` for writing as a private file: created with :func:`private_mode`, an
    existing file truncated and narrowed to it. ``exclusive``: refuse an existing file
    (``FileExistsError``). ``mode`` is "w" or "wb"; ``kwargs`` go to :func:`open` (encoding ...)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes files: mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_CLOEXEC", 0)
    wanted = private_mode()
    fd = os.open(path, flags, wanted)
    try:
        # Exactly the wanted mode: the umask may have taken the group's write bit, and an
        # existing file may be wider.
        if os.fstat(fd).st_mode & 0o777 != wanted:
            os.fchmod(fd, wanted)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def write_private(path: str | os.PathLike[str], data: bytes | str, *, exclusive: bool = False,
                  encoding: str = "utf-8") -> Path:
    """Write ``data`` (bytes, or text kept byte for byte: no newline translation) to a private file."""
    if isinstance(data, bytes):
        with open_private(path, "wb", exclusive=exclusive) as handle:
            handle.write(data)
    else:
        with open_private(path, "w", exclusive=exclusive, encoding=encoding, newline="") as handle:
            handle.write(data)
    return Path(path)


def csv_cell(value: Any) -> Any:
    """One CSV cell: numbers as they are, text that a spreadsheet would run as a formula quoted."""
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    quoted = "'" + text if text.startswith(_FORMULA_START) else text
    # A bare carriage return would end the row where the writer does not quote it.
    return quoted.replace("\r\n", "\n").replace("\r", "\n")


def write_csv(handle: IO[str], rows: Iterable[Iterable[Any]], *, lineterminator: str = "\n") -> None:
    """Write ``rows`` (the header first) to an open text file, every cell through :func:`csv_cell`."""
    writer = csv.writer(handle, lineterminator=lineterminator)
    writer.writerows([csv_cell(v) for v in row] for row in rows)


def csv_text(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\n") -> str:
    """:func:`write_csv` into a string."""
    out = io.StringIO()
    write_csv(out, rows, lineterminator=lineterminator)
    return out.getvalue()
