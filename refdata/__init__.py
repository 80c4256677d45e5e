"""Reads the reference tables and a council's settings, and builds revcore objects from them.

Two places, one function each: the statutory tables ship inside this package (``refdata/tables/``,
:data:`TABLES_DIR`, read by :func:`load_toml`); a council's own settings (its tax settings,
branding, stage sets, ledger limits...) are in its council folder outside the package
(:func:`council_dir`: the ``REVTUI_COUNCILS`` setting, read by :func:`load_council_toml`).
revcore does no file access, so this edge package is the one reader of both. Tables are TOML
(comments carry sources; ``[[unverified]]`` entries list the values not checked against the
law, :mod:`refdata.unverified`). Each domain area has its own module here (e.g. ``refdata.ctax``).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

# No __all__: it would hide the submodules (refdata.ctax, refdata.nndr, ...) from the API
# documentation (pdoc documents only what __all__ lists), and they are loaded only when imported.

TABLES_DIR = Path(__file__).resolve().parent / "tables"
"""Where the statutory tables are: package data, so an installed wheel holds them."""

COUNCILS_ENV = "REVTUI_COUNCILS"
"""The setting naming the council folder (``revtui --councils DIR`` sets it for one run)."""


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


def council_dir() -> Path:
    """Where the council's own settings are: the folder ``REVTUI_COUNCILS`` names.

    There is no default: settings of the wrong council would bill the wrong amounts, so a missing
    or wrong setting is an error naming what was looked for.
    """
    value = os.environ.get(COUNCILS_ENV, "").strip()
    if not value:
        raise DataError(f"no council folder: set {COUNCILS_ENV} (or give revtui --councils DIR) to the folder "
                        "holding the council's settings")
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataError(f"the council folder {path} ({COUNCILS_ENV}) does not exist")
    return path.resolve()


def load_toml(relative: str | Path, data_dir: Path | None = None) -> dict[str, Any]:
    """Parse the statutory table ``relative`` (under :data:`TABLES_DIR`, or ``data_dir`` when given);
    results are cached per path and must not be mutated."""
    return _load((data_dir or TABLES_DIR) / relative)


def load_council_toml(relative: str | Path, data_dir: Path | None = None) -> dict[str, Any]:
    """Parse the council setting ``relative`` in the council folder (:func:`council_dir`, or
    ``data_dir`` when given); cached per path like :func:`load_toml`."""
    return _load((data_dir or council_dir()) / relative)


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
