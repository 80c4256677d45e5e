"""Reader for a Valuation Office council tax schedule (Schedule of Alterations) in our CSV layout.

The layout (column headings, date formats, change type codes) is ``refdata/tables/voa/schedule_layout.toml``
(UNVERIFIED: the VOA's electronic layout was not found) and is described in
``docs/voa-schedules.md``. Every line is checked; if any is wrong :class:`ImportRejected` lists
file, line, field and fault for each, and no :class:`Schedule` exists, so nothing from the file
can be applied.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import attrs

from refdata.voa import ScheduleLayout, schedule_layout
from revcore.council import BANDS, Country
from revcore.ctax import Address
from revtui.imports.problems import ImportProblem, ImportRejected

__all__ = ["ScheduleLine", "Schedule", "parse_schedule", "read_schedule", "BANDED_CHANGES"]

BANDED_CHANGES = frozenset({"new", "amended", "reinstated", "historic_new", "historic_amended", "historic_reinstated"})
"""Changes that put a band on the list: the line must give one."""


@attrs.frozen
class ScheduleLine:
    """One checked line of a schedule; ``line`` is its line number in the file (the header is 1)."""

    line: int
    schedule_date: dt.date
    voa_reference: str
    property_reference: str
    uprn: str
    change: str
    """One of :data:`refdata.voa.CHANGE_TYPES`."""
    band: str
    """Empty for a deletion or a minor address change."""
    effective_from: dt.date
    address: Address | None


@attrs.frozen
class Schedule:
    name: str
    content_hash: str
    lines: tuple[ScheduleLine, ...]


def _band_list(country: Country) -> tuple[str, ...]:
    return BANDS if country is Country.WALES else BANDS[:8]


def _day(text: str, formats: tuple[str, ...]) -> dt.date | None:
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_schedule(name: str, data: bytes, country: Country, layout: ScheduleLayout | None = None) -> Schedule:
    """The schedule in ``data`` (the file's bytes), every line checked against ``country``'s bands.

    :raises ImportRejected: anything wrong; every fault is listed.
    """
    layout = layout or schedule_layout()
    problems: list[ImportProblem] = []

    def problem(line: int, field: str, message: str) -> None:
        problems.append(ImportProblem(name, line, field, message))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([ImportProblem(name, data[: error.start].count(b"\n") + 1, "encoding",
                                            "not UTF-8 text")]) from None
    rows = list(csv.reader(text.splitlines(), delimiter=layout.delimiter))
    if not rows:
        raise ImportRejected([ImportProblem(name, 1, "header", "the file is empty")])
    header = [cell.strip() for cell in rows[0]]
    wanted = [*layout.columns.values(), *layout.address_columns]
    missing = [column for column in wanted if column not in header]
    if missing:
        raise ImportRejected([ImportProblem(name, 1, "header", f"no column {column!r}") for column in missing])
    at = {column: header.index(column) for column in wanted}
    bands = _band_list(country)
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problem(number, "columns", f"{len(row)} columns, the header has {len(header)}")
            continue
        cell = {field: row[at[column]].strip() for field, column in layout.columns.items()}
        change = layout.change_types.get(cell["change_type"].upper())
        if change is None:
            problem(number, layout.columns["change_type"], f"{cell['change_type']!r} is not a change type "
                    f"({', '.join(layout.change_types)})")
        days = {}
        for field in ("schedule_date", "effective_date"):
            days[field] = _day(cell[field], layout.date_formats)
            if days[field] is None:
                problem(number, layout.columns[field], f"{cell[field]!r} is not a date")
        band = cell["band"].upper()
        if band and band not in bands:
            problem(number, layout.columns["band"], f"{cell['band']!r} is not a band in {country.value.title()} "
                    f"({bands[0]} to {bands[-1]})")
        elif not band and change in BANDED_CHANGES:
            problem(number, layout.columns["band"], f"a {change.replace('_', ' ')} line must give the band")
        if not cell["voa_reference"]:
            problem(number, layout.columns["voa_reference"], "missing")
        if not cell["property_reference"] and not cell["uprn"]:
            problem(number, layout.columns["property_reference"], "missing, and no UPRN either: which dwelling?")
        if cell["uprn"] and (not cell["uprn"].isdigit() or len(cell["uprn"]) > 12):
            problem(number, layout.columns["uprn"], f"{cell['uprn']!r} is not a UPRN (up to 12 digits)")
        address_lines = tuple(row[at[column]].strip() for column in layout.address_columns if row[at[column]].strip())
        address = Address(address_lines, cell["postcode"].upper()) if address_lines and cell["postcode"] else None
        if change == "minor_address_change" and address is None:
            problem(number, layout.columns["postcode"], "a minor address change must give the address and postcode")
        if problems and problems[-1].line == number:
            continue
        assert change is not None and days["schedule_date"] and days["effective_date"]
        lines.append(ScheduleLine(number, days["schedule_date"], cell["voa_reference"], cell["property_reference"],
                                  cell["uprn"], change, band, days["effective_date"], address))
    if problems:
        raise ImportRejected(problems)
    return Schedule(name, hashlib.sha256(data).hexdigest(), tuple(lines))


def read_schedule(path: Path, country: Country, layout: ScheduleLayout | None = None) -> Schedule:
    return parse_schedule(path.name, path.read_bytes(), country, layout)
