"""Reader for a Valuation Office council tax schedule (Schedule of Alterations) in our CSV layout.

The layout (column headings, date formats, change type codes) is ``refdata/tables/voa/schedule_layout.toml``
(UNVERIFIED: the VOA's electronic layout was not found) and is described in
``docs/voa-schedules.md``. Every line is checked; if any is wrong :class:`ImportRejected` lists
file, line, field and fault for each, and no :class:`ScheduleOfAlterations` exists, so nothing from the file
can be applied. The text encoding and, given the run day, the dates accepted are in
``data/imports/rules.toml``. A schedule is known by what its lines say (not its bytes), and each
line by its place among them, so a re-delivery in other line endings or under another name
applies nothing twice.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import attrs

from refdata.voa import ScheduleLayout, schedule_layout
from revcore.council import BANDS, Country
from revcore.ctax import Address
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import Problems, bytes_hash, content_identity, decode, layout_rules, day_in_formats

__all__ = ["AlterationLine", "ScheduleOfAlterations", "parse_schedule", "read_schedule", "BANDED_CHANGES", "bands_in",
           "is_uprn"]

BANDED_CHANGES = frozenset({"new", "amended", "reinstated", "historic_new", "historic_amended", "historic_reinstated"})
"""Changes that put a band on the list: the line must give one."""


@attrs.frozen
class AlterationLine:
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
    position: int = 0
    """The line's place among the schedule's lines (1-based; blank lines and line endings aside);
    0 in records made before it was counted."""

    @property
    def key(self) -> int:
        """What the import records the line as applied by: its place, else (older records) its line number."""
        return self.position or self.line


@attrs.frozen
class ScheduleOfAlterations:
    name: str
    content_hash: str
    """What the lines say (``revtui.imports.rules.content_identity``), whatever the file's bytes or name."""
    lines: tuple[AlterationLine, ...]
    bytes_hash: str = ""
    """The file's bytes, as schedules were known before: to find an import recorded then."""


def bands_in(country: Country) -> tuple[str, ...]:
    """The bands of the country's valuation lists: A to H in England, A to I in Wales."""
    return BANDS if country is Country.WALES else BANDS[:8]


def is_uprn(text: str) -> bool:
    """A Unique Property Reference Number as lists give it: up to 12 digits."""
    return text.isascii() and text.isdigit() and len(text) <= 12




def _rows(name: str, text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:  # a field over the csv module's size limit, a stray quote at the end
        raise ImportRejected([ImportProblem(name, reader.line_num, "CSV", f"cannot be read as CSV ({error})")]) from None


def parse_schedule(name: str, data: bytes, country: Country, layout: ScheduleLayout | None = None, *,
                   today: dt.date | None = None) -> ScheduleOfAlterations:
    """The schedule in ``data`` (the file's bytes), every line checked against ``country``'s bands.

    ``today`` (the run day) bounds the dates accepted: the schedule date within the window of
    ``data/imports/rules.toml``, the effective date from its earliest to the window's end.

    :raises ImportRejected: anything wrong; every fault is listed.
    """
    layout = layout or schedule_layout()
    rules = layout_rules("voa")
    checks = Problems(name, rules, today)
    problems = checks.found

    def problem(line: int, field: str, message: str) -> None:
        checks.add(line, field, message)

    text = decode(name, data, rules.encoding)
    rows = _rows(name, text, layout.delimiter)
    skipped = 0
    while rows and not any(cell.strip() for cell in rows[0]):  # blank lines before the header
        rows, skipped = rows[1:], skipped + 1
    if not rows:
        raise ImportRejected([ImportProblem(name, 1, "header", "the file is empty")])
    header = [cell.strip() for cell in rows[0]]
    wanted = [*layout.columns.values(), *layout.address_columns]
    missing = [column for column in wanted if column not in header]
    if missing:
        raise ImportRejected([ImportProblem(name, 1, "header", f"no column {column!r}") for column in missing])
    at = {column: header.index(column) for column in wanted}
    bands = bands_in(country)
    lines = []
    for number, row in enumerate(rows[1:], start=2 + skipped):
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
            earliest = rules.earliest_effective_date if field == "effective_date" else None
            days[field] = checks.date(day_in_formats(cell[field], layout.date_formats), cell[field], number,
                                      layout.columns[field], " or ".join(layout.date_formats), earliest)
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
        if cell["uprn"] and not is_uprn(cell["uprn"]):
            problem(number, layout.columns["uprn"], f"{cell['uprn']!r} is not a UPRN (up to 12 digits)")
        address_lines = tuple(row[at[column]].strip() for column in layout.address_columns if row[at[column]].strip())
        address = Address(address_lines, cell["postcode"].upper()) if address_lines and cell["postcode"] else None
        if change == "minor_address_change" and address is None:
            problem(number, layout.columns["postcode"], "a minor address change must give the address and postcode")
        if problems and problems[-1].line == number:
            continue
        assert change is not None and days["schedule_date"] and days["effective_date"]
        lines.append(AlterationLine(number, days["schedule_date"], cell["voa_reference"], cell["property_reference"],
                                  cell["uprn"], change, band, days["effective_date"], address, len(lines) + 1))
    checks.finish()
    identity = content_identity("voa/schedule", [
        (line.schedule_date, line.voa_reference, line.property_reference, line.uprn, line.change, line.band,
         line.effective_from, *(line.address.lines if line.address else ()), line.address.postcode if line.address else "")
        for line in lines])
    return ScheduleOfAlterations(name, identity, tuple(lines), bytes_hash(data))


def read_schedule(path: Path, country: Country, layout: ScheduleLayout | None = None, *,
                  today: dt.date | None = None) -> ScheduleOfAlterations:
    return parse_schedule(path.name, path.read_bytes(), country, layout, today=today)
