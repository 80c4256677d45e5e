"""Reader for a migration extract: the incumbent system's data mapped to our documented CSV files.

The files and their columns are data (``refdata/tables/imports/migration.toml``), the contract in
words is ``docs/migration-format.md``. Every line of every file is read and every field checked
by its column's type (the strict amounts and dates of :mod:`revtui.imports.rules`); what cannot be
read is listed (file, line, field, why) and the extract is refused as a whole. What the lines
*mean* together (an account at an unknown dwelling, a total that disagrees) is checked by the
migration service, which reports in the same way.

An extract is known by what its lines say (:func:`revtui.imports.rules.content_identity` over
every file in a fixed order), so the same extract loaded twice is loaded once.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from refdata import DataError, load_toml
from revcore.council import Country
from revcore.periods import FinancialYear, PeriodError
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import LayoutRules, Problems, content_identity, decode, layout_rules
from revtui.imports.voa_schedule import bands_in, is_uprn

__all__ = ["Column", "FileLayout", "Row", "Extract", "migration_layout", "read_extract", "CONTROL_FILE"]

_TABLE = "imports/migration.toml"
CONTROL_FILE = "control_totals"
_TYPES = frozenset({"text", "date", "end_date", "birth_date", "amount", "signed_amount", "year", "count", "band", "uprn", "choice"})
_EARLIEST_BIRTH = dt.date(1900, 1, 1)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@attrs.frozen
class Column:
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] = ()


@attrs.frozen
class FileLayout:
    """One file of the format: ``<name>.csv``, whether an extract must have it, its columns."""

    name: str
    required: bool
    about: str
    columns: tuple[Column, ...]


@attrs.frozen
class Row:
    """One data line read and checked: ``values`` by column name (``None`` where blank)."""

    file: str
    line: int
    values: Mapping[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.values.get(column)


@attrs.frozen
class Extract:
    folder: str
    identity: str
    """What the extract says (not its bytes): the same extract delivered again has the same identity."""
    rows: Mapping[str, tuple[Row, ...]]
    """Each file's rows by file name (``accounts``...); a file not delivered has none."""
    go_live: dt.date
    problems: tuple[ImportProblem, ...] = ()
    """Fields that could not be read (the value is ``None`` in its row): the extract cannot be loaded."""


def migration_layout(data_dir: Path | None = None) -> dict[str, FileLayout]:
    """The files of the format, in the order they are read, from ``imports/migration.toml``."""
    files = load_toml(_TABLE, data_dir).get("files", {})
    layouts = {}
    for name, table in files.items():
        columns = []
        for item in table.get("columns", ()):
            if item.get("type") not in _TYPES:
                raise DataError(f"{_TABLE} [files.{name}] column {item.get('name')!r}: type {item.get('type')!r} "
                                f"is not one of {', '.join(sorted(_TYPES))}")
            columns.append(Column(str(item["name"]), str(item["type"]), bool(item.get("required", False)),
                                  tuple(str(v) for v in item.get("values", ()))))
        layouts[name] = FileLayout(name, bool(table.get("required", False)), str(table.get("about", "")),
                                   tuple(columns))
    if CONTROL_FILE not in layouts:
        raise DataError(f"{_TABLE}: no [files.{CONTROL_FILE}]")
    return layouts


def _iso_day(text: str) -> dt.date | None:
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _Reader:
    """Checks fields by their column's type, recording each fault in ``checks``."""

    def __init__(self, checks: Problems, rules: LayoutRules, country: Country, latest: dt.date | None):
        self.checks, self.rules, self.latest = checks, rules, latest
        self.bands = bands_in(country)  # the Valuation Office list's rules, as its schedules are read

    def value(self, column: Column, text: str, line: int) -> Any:
        add = self.checks.add
        kind = column.type
        if kind == "text":
            return text
        if kind in ("amount", "signed_amount"):
            return self.checks.amount(text, line, column.name, signed=kind == "signed_amount")
        if kind == "count":
            return self.checks.count(text, line, column.name)
        if kind in ("date", "end_date", "birth_date"):
            day = _iso_day(text)
            if day is None:
                add(line, column.name, f"{text!r} is not a date (YYYY-MM-DD, a day that exists)")
                return None
            earliest = _EARLIEST_BIRTH if kind == "birth_date" else self.rules.earliest_effective_date
            if earliest is not None and day < earliest:
                add(line, column.name, f"{text!r} is before " + ("1900" if kind == "birth_date" else "council tax began")
                    + f" ({earliest.isoformat()})")
                return None
            if self.latest is not None and day > self.latest and kind != "end_date":
                add(line, column.name, f"{text!r} is after the go-live day {self.latest.isoformat()} "
                                       f"(an extract holds history up to go-live)")
                return None
            return day
        if kind == "year":
            try:
                return FinancialYear.parse(text)
            except PeriodError as error:
                add(line, column.name, str(error))
                return None
        if kind == "band":
            band = text.upper()
            if band not in self.bands:
                add(line, column.name, f"{text!r} is not a band here ({self.bands[0]} to {self.bands[-1]})")
                return None
            return band
        if kind == "uprn":
            if not is_uprn(text):
                add(line, column.name, f"{text!r} is not a UPRN (up to 12 digits)")
                return None
            return text
        if text not in column.values:  # choice
            add(line, column.name, f"{text!r} is not one of {', '.join(column.values)}")
            return None
        return text


def _read_file(path: Path, layout: FileLayout, reader: _Reader) -> tuple[list[Row], list[list[str]]]:
    """The rows of one file, and its cells as read (for the extract's identity)."""
    name = path.name
    checks = reader.checks
    text = decode(name, path.read_bytes(), reader.rules.encoding)
    lines = csv.reader(text.splitlines())
    try:
        cells = list(lines)
    except csv.Error as error:
        raise ImportRejected([ImportProblem(name, lines.line_num, "CSV", f"cannot be read as CSV ({error})")]) from None
    numbered = [(n, row) for n, row in enumerate(cells, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportRejected([ImportProblem(name, 1, "header", "the file is empty (it needs at least its header line)")])
    header_line, header = numbered[0]
    header = [cell.strip() for cell in header]
    known = {column.name for column in layout.columns}
    for column in layout.columns:
        if column.required and column.name not in header:
            checks.add(header_line, "header", f"no column {column.name!r}")
    for heading in header:
        if heading not in known:
            checks.add(header_line, "header", f"{heading!r} is not a column of {layout.name}.csv "
                                              f"(columns: {', '.join(c.name for c in layout.columns)})")
    if len(set(header)) != len(header):
        checks.add(header_line, "header", "a column is named twice")
    if checks.found:  # a file whose columns are wrong is not read line by line
        raise ImportRejected(checks.found)
    at = {heading: index for index, heading in enumerate(header)}
    rows, kept = [], []
    for number, row in numbered[1:]:
        if len(row) != len(header):
            checks.add(number, "columns", f"{len(row)} columns, the header has {len(header)}")
            continue
        values: dict[str, Any] = {}
        for column in layout.columns:
            text = row[at[column.name]].strip() if column.name in at else ""
            if not text:
                if column.required:
                    checks.add(number, column.name, "missing")
                values[column.name] = None
                continue
            values[column.name] = reader.value(column, text, number)
        rows.append(Row(name, number, values))
        kept.append([row[at[c.name]].strip() if c.name in at else "" for c in layout.columns])
    return rows, kept


def read_extract(folder: str | Path, country: Country, *, data_dir: Path | None = None) -> Extract:
    """Every file of the extract in ``folder``, read and checked field by field.

    A field of the wrong kind is listed in :attr:`Extract.problems` (its value ``None``) so the
    lines can still be mapped and every fault reported at once.

    :raises ImportRejected: a missing file, a file that is not text or whose header is wrong, no
        go-live day; every such fault in every file is listed.
    """
    folder = Path(folder)
    layouts = migration_layout(data_dir)
    rules = layout_rules("migration", data_dir)
    problems: list[ImportProblem] = []
    if not folder.is_dir():
        raise ImportRejected([ImportProblem(str(folder), 0, "folder", "no such folder")])
    expected = {f"{name}.csv" for name in layouts}
    for extra in sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.name not in expected):
        problems.append(ImportProblem(extra, 0, "file", f"not a file of the migration format "
                                                        f"({', '.join(sorted(expected))})"))
    # the control file first: its go-live day bounds every other file's dates
    go_live = _go_live(folder, layouts[CONTROL_FILE], rules, country, problems)
    rows: dict[str, tuple[Row, ...]] = {}
    identity: list[list[str]] = []
    fields: list[ImportProblem] = []
    for name, layout in layouts.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            if layout.required:
                problems.append(ImportProblem(path.name, 0, "file", f"missing: the extract must include "
                                                                    f"{layout.about}"))
            rows[name] = ()
            continue
        checks = Problems(path.name, rules)
        try:
            found, kept = _read_file(path, layout, _Reader(checks, rules, country, go_live))
        except ImportRejected as rejected:  # the file as a whole: its encoding, its header
            problems.extend(rejected.problems)
            continue
        fields.extend(checks.found)
        rows[name] = tuple(found)
        identity.append([name])
        identity.extend(kept)
    if problems or go_live is None:
        raise ImportRejected(problems + fields)
    return Extract(str(folder), content_identity("migration", identity), rows, go_live, tuple(fields))


def _go_live(folder: Path, layout: FileLayout, rules: LayoutRules, country: Country,
             problems: list[ImportProblem]) -> dt.date | None:
    path = folder / f"{CONTROL_FILE}.csv"
    if not path.is_file():
        return None  # reported as a missing required file
    checks = Problems(path.name, rules)
    try:
        found, _ = _read_file(path, layout, _Reader(checks, rules, country, None))
    except ImportRejected:
        return None  # reported when the file is read again
    for row in found:
        if row["item"] == "go_live":
            day = _iso_day(row["value"] or "")
            if day is None:
                problems.append(ImportProblem(path.name, row.line, "value",
                                              f"go_live: {row['value']!r} is not a date (YYYY-MM-DD)"))
            return day
    problems.append(ImportProblem(path.name, 0, "go_live", "missing: the day the balances are struck"))
    return None
