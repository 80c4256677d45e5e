"""The magistrates' court a council takes its complaints to: ``recovery/courts.toml`` in the council folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from refdata import DataError, load_council_toml

__all__ = ["Court", "load_court"]

_FILE = "recovery/courts.toml"


@attrs.frozen
class Court:
    """Where and when the council's liability order hearings sit."""

    name: str
    address: tuple[str, ...]
    sits_at: dt.time
    name_cy: str | None = None


def load_court(council_code: str, data_dir: Path | None = None) -> Court:
    """The court of council ``council_code`` (e.g. ``demo-district``)."""
    row = load_council_toml(_FILE, data_dir).get(council_code)
    if row is None:
        raise DataError(f"{_FILE}: no court for council {council_code!r}; add a [{council_code}] table")
    where = f"{_FILE} [{council_code}]"
    try:
        sits_at = dt.time.fromisoformat(str(row["sits_at"]))
        return Court(str(row["name"]), tuple(str(line) for line in row["address"]), sits_at, row.get("name_cy"))
    except KeyError as missing:
        raise DataError(f"{where}: {missing.args[0]} is missing") from None
    except ValueError:
        raise DataError(f"{where}: sits_at {row.get('sits_at')!r} is not a time such as 10:00") from None
