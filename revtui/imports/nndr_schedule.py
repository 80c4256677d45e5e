"""Reader for a Valuation Office non-domestic change file / schedule of alterations.

The layout is ``refdata/tables/voa/nndr_schedule_layout.toml``: a list entry record
(:mod:`revtui.imports.nndr_list`, read by the same code: ``*``-separated, trailing ``*``,
``DD-MON-YYYY``, latin-1, broken lines rejoined) followed by the change (new, altered, deleted,
merged, split) and, for a merger or a split, the UARNs of the hereditaments it replaces. The VOA's
own change file layout was not found: these two fields are ours (UNVERIFIED), as data.

Every line is checked; if any is wrong :class:`ImportRejected` lists file, line, field and fault
for each and no :class:`ScheduleFile` exists, so nothing from the file can be applied. A change
must say from when (its effective date), and a new or altered assessment its rateable value.

A schedule is known by what its records say (their content identity), not its bytes or name.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs

from refdata.nndr_schedule import ScheduleLayout, schedule_layout
from revtui.imports.nndr_list import ListRecord, _fields, _physical_records, _record, open_list_file
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import Problems, bytes_hash, content_identity

__all__ = ["Change", "ScheduleRecord", "ScheduleFile", "parse_schedule", "read_schedule"]


class Change(enum.Enum):
    NEW = "new"
    ALTERED = "altered"
    DELETED = "deleted"
    MERGED = "merged"
    SPLIT = "split"


_VALUED = (Change.NEW, Change.ALTERED, Change.MERGED, Change.SPLIT)
"""Changes that enter an assessment with a rateable value."""


@attrs.frozen
class ScheduleRecord:
    """One checked change: the list entry it gives, what changed, and what it replaces."""

    entry: ListRecord
    change: Change
    replaces: tuple[str, ...] = ()

    @property
    def line(self) -> int:
        return self.entry.line

    @property
    def effective(self) -> dt.date:
        assert self.entry.effective_date is not None  # checked when read
        return self.entry.effective_date

    def meaning(self) -> tuple[object, ...]:
        return (*self.entry.meaning(), self.change.value, " ".join(self.replaces))


@attrs.frozen
class ScheduleFile:
    name: str
    list_year: int
    list_starts: dt.date
    content_hash: str
    records: tuple[ScheduleRecord, ...]
    bytes_hash: str = ""


def _change(first: int, cell: dict[str, str], entry: ListRecord | None, layout: ScheduleLayout,
            checks: Problems) -> ScheduleRecord | None:
    before = len(checks.found)
    code = cell["change"].upper()
    change = Change(layout.changes[code]) if code in layout.changes else None
    if change is None:
        checks.add(first, "change", f"{cell['change']!r} is not a change "
                                    f"({', '.join(f'{c} {n}' for c, n in layout.changes.items())})")
    replaces = tuple(u for u in cell["replaces"].split(layout.separator) if u)
    bad = [u for u in replaces if not u.isascii() or not u.isdigit()]
    if bad:
        checks.add(first, "replaces", f"{' '.join(bad)!r} is not a UARN (digits)")
    if entry is not None and change is not None:
        if entry.effective_date is None:
            checks.add(first, "effective_date", f"missing: from when is the hereditament {change.value}?")
        if change in _VALUED and entry.rateable_value is None:
            checks.add(first, "rateable_value", f"missing: a {change.value} assessment has a rateable value")
        if change in (Change.MERGED, Change.SPLIT) and not replaces:
            checks.add(first, "replaces", f"missing: which hereditament(s) does the {change.value} one replace?")
        if change not in (Change.MERGED, Change.SPLIT) and replaces:
            checks.add(first, "replaces", f"only a merger or split replaces hereditaments, not a {change.value}")
        if entry.uarn in replaces:
            checks.add(first, "replaces", f"UARN {entry.uarn} cannot replace itself")
    if entry is None or change is None or len(checks.found) != before:
        return None
    return ScheduleRecord(entry, change, replaces)


def parse_schedule(name: str, data: bytes, list_year: int | None = None, layout: ScheduleLayout | None = None
                   ) -> ScheduleFile:
    """The changes in ``data`` (the file's bytes), every line checked.

    ``list_year``: the list altered (2023, 2026...); by default the one the file name gives.

    :raises ImportRejected: anything wrong; every fault is listed.
    """
    layout = layout or schedule_layout()
    record_layout = layout.record
    year, starts, ends, text = open_list_file(name, data, record_layout, list_year, "change")
    checks = Problems(name)
    records: list[ScheduleRecord] = []
    seen: dict[tuple[str, str, str], int] = {}
    for first, last, body in _physical_records(text, record_layout, checks):
        cell = _fields(first, last, body, record_layout, checks)
        if cell is None:
            continue
        entry = _record(first, last, cell, record_layout, starts, ends, checks)
        record = _change(first, cell, entry, layout, checks)
        if record is None:
            continue
        key = (record.entry.uarn, record.entry.assessment_reference, record.change.value)
        if key in seen:
            checks.add(first, "uarn", f"UARN {record.entry.uarn} {record.change.value} (assessment "
                                      f"{record.entry.assessment_reference or 'none'}) is also on line {seen[key]}")
            continue
        seen[key] = first
        records.append(record)
    checks.finish()
    identity = content_identity(f"voa/nndr-schedule/{year}", (record.meaning() for record in records))
    return ScheduleFile(name, year, starts, identity, tuple(records), bytes_hash(data))


def read_schedule(path: Path, list_year: int | None = None, layout: ScheduleLayout | None = None) -> ScheduleFile:
    return parse_schedule(path.name, path.read_bytes(), list_year, layout)
