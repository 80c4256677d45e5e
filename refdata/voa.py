"""The layout of a Valuation Office council tax schedule file (``refdata/tables/voa/schedule_layout.toml``).

The VOA's own electronic layout was not found (UNVERIFIED), so the column headings, the date
formats and the change type codes are read from the table, never fixed in code.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from refdata import DataError, load_toml
from refdata.unverified import marks

__all__ = ["CHANGE_TYPES", "ScheduleLayout", "schedule_layout"]

CHANGE_TYPES = (
    "new", "deleted", "amended", "reinstated", "minor_address_change",
    "historic_new", "historic_deleted", "historic_amended", "historic_reinstated",
)
"""The nine headings of a Schedule of Alterations (VOA Council Tax Manual s.2 pt 4)."""

_SINGLE_COLUMNS = ("schedule_date", "voa_reference", "property_reference", "uprn", "change_type", "band",
                   "effective_date", "postcode")


@attrs.frozen
class ScheduleLayout:
    """Where each field is in a schedule file: column headings, date formats, change type codes."""

    delimiter: str
    date_formats: tuple[str, ...]
    columns: dict[str, str]
    """Our field name -> the file's column heading (one column each)."""
    address_columns: tuple[str, ...]
    change_types: dict[str, str]
    """The file's code (upper case) -> one of :data:`CHANGE_TYPES`."""
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)
    """What is not confirmed and its source (``*``: the whole layout; :mod:`refdata.unverified`)."""


def schedule_layout(relative: str | Path = "voa/schedule_layout.toml", data_dir: Path | None = None) -> ScheduleLayout:
    table = load_toml(relative, data_dir)
    where = str(relative)
    try:
        file, columns, codes = table["file"], table["columns"], table["change_types"]
    except KeyError as missing:
        raise DataError(f"{where}: no [{missing.args[0]}] table") from None
    absent = [name for name in (*_SINGLE_COLUMNS, "address") if name not in columns]
    if absent:
        raise DataError(f"{where}: [columns] does not say where {', '.join(absent)} is")
    unknown = sorted(set(codes.values()) - set(CHANGE_TYPES))
    if unknown:
        raise DataError(f"{where}: [change_types] maps to {unknown}, not one of {', '.join(CHANGE_TYPES)}")
    missing_types = sorted(set(CHANGE_TYPES) - set(codes.values()))
    if missing_types:
        raise DataError(f"{where}: [change_types] has no code for {', '.join(missing_types)}")
    return ScheduleLayout(
        delimiter=str(file.get("delimiter", ",")),
        date_formats=tuple(file.get("date_formats", ["%Y-%m-%d"])),
        columns={name: str(columns[name]) for name in _SINGLE_COLUMNS},
        address_columns=tuple(columns["address"]),
        change_types={str(code).strip().upper(): value for code, value in codes.items()},
        unverified=marks(table),
    )
