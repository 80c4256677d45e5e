"""Reads the reference tables shipped in ``data/`` and builds revcore objects from them.

revcore does no file access, so this edge package is the one reader of ``data/``. Tables are
TOML (comments carry sources and UNVERIFIED marks beside the figures). Each domain area has
its own module here (e.g. ``refdata.ctax``), built on :func:`load_toml` and :func:`parse_date`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

# No __all__: it would hide the submodules (refdata.ctax, refdata.nndr, ...) from the API
# documentation (pdoc documents only what __all__ lists), and they are loaded only when imported.

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The ``data/`` directory the tables are read from (every reader also takes a ``data_dir``)."""


class DataError(ValueError):
    """A reference table that is missing, malformed, or holds an impossible value."""


@lru_cache(maxsize=None)
def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataError(f"reference table {path} is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"reference table {path} is not valid TOML: {error}") from None


def load_toml(relative: str | Path, data_dir: Path | None = None) -> dict[str, Any]:
    """Parse ``data/<relative>``; results are cached per path and must not be mutated."""
    return _load((data_dir or DATA_DIR) / relative)


def parse_date(value: Any, where: str) -> dt.date:
    """Accept a TOML date or an ISO ``YYYY-MM-DD`` string; name ``where`` in the error."""
    if isinstance(value, dt.datetime):
        raise DataError(f"{where}: {value!r} has a time; give a date")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
