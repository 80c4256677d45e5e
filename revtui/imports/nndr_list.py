"""Reader for the Valuation Office's non-domestic rating list entries file ("listentries").

The layout is ``refdata/tables/voa/nndr_list_layout.toml`` (field positions as data) and is
described in ``docs/business-rates.md``: one record a line, fields separated by ``*``, no header,
every record ending with ``*``, dates ``DD-MON-YYYY``, latin-1 text. Every line is checked; if any
is wrong :class:`ImportRejected` lists file, line, field and fault for each, and no
:class:`RatingListFile` exists, so nothing from the file can be applied.

Lines broken by an embedded newline: a line that does not begin a record (entry number, ``*``,
billing authority code, ``*``) is joined, with a space, to the record before it while that record
is short of fields. A short record followed by a line that begins a record, or a continuation
with no short record before it, is reported. Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (not
the other characters Python's ``splitlines`` would split latin-1 text on, such as byte 0x85).

A record with no rateable value is read as such (``rateable_value`` None): the VOA's "proxy
deletion" or an assessment not yet valued. The list year is not in the record: it is read from the
VOA's file name (``uk-englandwales-ndr-2023-listentries-...``) or given by the caller.

A list file is known by what its records say (:func:`revtui.imports.rules.content_identity` of the
normalised records, entry numbers aside), not its bytes, so a re-delivery with other line endings,
a byte-order mark, another encoding of the same text or another name is the same file. Bytes that
are valid UTF-8 beyond ASCII are read as UTF-8 (a file re-saved by an editor), others as latin-1.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs

from refdata.nndr_list import ListLayout, list_layout
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import Problems, bytes_hash, content_identity, decode

__all__ = ["ListRecord", "RatingListFile", "parse_rating_list", "read_rating_list", "list_year_of"]

_MONTHS = {name: n for n, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
_DATE = re.compile(r"([0-9]{2})-([A-Za-z]{3})-([0-9]{4})")
_SPACES = re.compile(r"\s+")
_DATES = ("effective_date", "alteration_date", "current_from", "current_to")
_TEXTS = ("ba_code", "community_code", "ba_reference", "description_code", "description", "address", "firm_name",
          "number_or_name", "street", "town", "postal_district", "county", "settlement_code", "scat_code",
          "sub_street_3", "sub_street_2", "sub_street_1", "case_number")


@attrs.frozen
class ListRecord:
    """One checked record; ``line`` is the physical line it starts on (``last_line`` where it ends
    when it was rejoined after an embedded newline)."""

    line: int
    last_line: int
    entry_number: int
    uarn: str
    ba_code: str
    community_code: str
    ba_reference: str
    description_code: str
    description: str
    address: str
    firm_name: str
    number_or_name: str
    street: str
    town: str
    postal_district: str
    county: str
    postcode: str
    effective_date: dt.date | None
    composite: bool
    rateable_value: int | None
    """Whole pounds; None: the record gives no value (a deletion, or an assessment not yet valued)."""
    settlement_code: str
    assessment_reference: str
    alteration_date: dt.date | None
    scat_code: str
    sub_street_3: str
    sub_street_2: str
    sub_street_1: str
    case_number: str
    current_from: dt.date | None
    current_to: dt.date | None

    def meaning(self) -> tuple[object, ...]:
        """What the record says, as the file's identity reads it (the entry number and line aside)."""
        return tuple("" if value is None else value
                     for value in attrs.astuple(self, recurse=False)[3:])


@attrs.frozen
class RatingListFile:
    name: str
    list_year: int
    list_starts: dt.date
    content_hash: str
    """What the records say (``content_identity``), whatever the file's bytes or name."""
    records: tuple[ListRecord, ...]
    bytes_hash: str = ""
    rejoined: tuple[tuple[int, int], ...] = ()
    """(first, last) physical lines of each record rejoined after an embedded newline."""


def _day(text: str) -> dt.date | None:
    match = _DATE.fullmatch(text)
    if match is None or match.group(2).upper() not in _MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), _MONTHS[match.group(2).upper()], int(match.group(1)))
    except ValueError:
        return None


def _encoding(data: bytes, declared: str) -> str:
    """UTF-8 for bytes that are UTF-8 beyond ASCII (a re-saved file: latin-1 text is almost never
    valid UTF-8 too), else the layout's encoding."""
    if data.isascii():
        return declared
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return declared
    return "utf-8"


def open_list_file(name: str, data: bytes, layout: ListLayout, list_year: int | None,
                   what: str) -> tuple[int, dt.date, dt.date | None, str]:
    """A VOA ``what`` file (list entries, changes) opened: the list it is of (``list_year``, else
    its name's), the days that list is in force from and until, and its text; ImportRejected if
    the year is unknown or contradicted, or the file is empty or not '*'-separated."""
    named = list_year_of(name, layout)
    if list_year is None and named is None:
        raise ImportRejected([ImportProblem(name, 1, "list year", "the file name does not say which list "
                                            "(as the VOA's uk-englandwales-ndr-2023-listentries-... does): give it")])
    if list_year is not None and named is not None and named != list_year:
        raise ImportRejected([ImportProblem(name, 1, "list year", f"the file name says the {named} list, "
                                                                  f"not {list_year}: which is it?")])
    year = list_year if list_year is not None else named
    assert year is not None
    if year not in layout.lists:
        raise ImportRejected([ImportProblem(name, 1, "list year", f"{year} is not a rating list "
                                            f"({', '.join(map(str, layout.lists))})")])
    ends = min((day for y, day in layout.lists.items() if y > year), default=None)
    text = decode(name, data, _encoding(data, layout.encoding))
    if not text.strip():
        raise ImportRejected([ImportProblem(name, 1, "file", "the file is empty")])
    if layout.delimiter not in text:
        raise ImportRejected([ImportProblem(name, 1, "file", f"no {layout.delimiter!r} anywhere: not a VOA {what} "
                                                             "file (fields are separated by '*')")])
    return year, layout.lists[year], ends, text


def list_year_of(name: str, layout: ListLayout | None = None) -> int | None:
    """The list year a VOA file name gives (``uk-englandwales-ndr-2023-listentries-...``), if any."""
    layout = layout or list_layout()
    match = layout.list_year_in_name.search(name)
    return int(match.group(1)) if match else None


def _physical_records(text: str, layout: ListLayout, checks: Problems) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each record, broken lines rejoined; strays reported."""
    wanted = layout.fields if layout.trailing_delimiter else layout.fields - 1  # delimiters in a whole record
    records: list[list] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if layout.record_start.match(raw):
            records.append([number, number, raw])
        elif records and records[-1][2].count(layout.delimiter) < wanted:
            records[-1][1], records[-1][2] = number, f"{records[-1][2]} {raw}"
        else:
            after = "the file's first record" if not records else f"the complete record on line {records[-1][1]}"
            checks.add(number, "record", f"does not begin a record (entry number{layout.delimiter}billing authority "
                                         f"code{layout.delimiter}) and follows {after}: not part of any record")
    return [(first, last, body) for first, last, body in records]


def _fields(first: int, last: int, body: str, layout: ListLayout, checks: Problems) -> dict[str, str] | None:
    items = body.split(layout.delimiter)
    expected = layout.fields + (1 if layout.trailing_delimiter else 0)
    where = f" (lines {first}-{last} rejoined)" if last != first else ""
    if len(items) < expected:
        checks.add(first, "record", f"short: {len(items) - (1 if layout.trailing_delimiter else 0)} of "
                                    f"{layout.fields} fields{where}; a record broken by a newline is rejoined only "
                                    "when the next line does not begin a record")
        return None
    if len(items) > expected:
        checks.add(first, "record", f"{len(items) - (1 if layout.trailing_delimiter else 0)} fields, a record has "
                                    f"{layout.fields}{where} (a {layout.delimiter!r} inside a field?)")
        return None
    if layout.trailing_delimiter and items[-1].strip():
        checks.add(first, "record", f"does not end with {layout.delimiter!r}{where}: cut short?")
        return None
    return {name: _SPACES.sub(" ", items[index]).strip() for name, index in layout.columns.items()}


def _record(first: int, last: int, cell: dict[str, str], layout: ListLayout, starts: dt.date,
            ends: dt.date | None, checks: Problems) -> ListRecord | None:
    before = len(checks.found)

    def bad(field: str, message: str) -> None:
        checks.add(first, field, message)

    for field, size in layout.lengths.items():
        if len(cell.get(field, "")) > size:
            bad(field, f"{cell[field]!r} is longer than {size} characters: have the fields slipped?")
    if not cell["entry_number"].isascii() or not cell["entry_number"].isdigit():
        bad("entry_number", f"{cell['entry_number']!r} is not an entry number")
    if not cell["ba_code"]:
        bad("ba_code", "missing")
    uarn = cell["uarn"]
    if not uarn:
        bad("uarn", "missing: which hereditament?")
    elif not uarn.isascii() or not uarn.isdigit():
        bad("uarn", f"{uarn!r} is not a UARN (digits)")
    value = cell["rateable_value"]
    if value and (not value.isascii() or not value.isdigit()):
        bad("rateable_value", f"{value!r} is not a rateable value (whole pounds, digits only)")
    for field in ("assessment_reference", "case_number"):
        if cell[field] and (not cell[field].isascii() or not cell[field].isdigit()):
            bad(field, f"{cell[field]!r} is not a number")
    composite = cell["composite"].upper()
    if composite and composite not in layout.composite_values:
        bad("composite", f"{cell['composite']!r} is not a composite indicator "
                         f"({' or '.join(sorted(layout.composite_values))}, or empty)")
    days: dict[str, dt.date | None] = {}
    for field in _DATES:
        days[field] = _day(cell[field]) if cell[field] else None
        if cell[field] and days[field] is None:
            bad(field, f"{cell[field]!r} is not a date (DD-MON-YYYY, e.g. 01-APR-2023)")
    effective = days["effective_date"]
    if effective is not None and effective < starts:
        bad("effective_date", f"{cell['effective_date']!r} is before the list came into force "
                              f"({starts.isoformat()})")
    if effective is not None and ends is not None and effective >= ends:
        bad("effective_date", f"{cell['effective_date']!r} is after the list was replaced ({ends.isoformat()})")
    if len(checks.found) != before:
        return None
    text = {field: cell[field] for field in _TEXTS}
    return ListRecord(first, last, int(cell["entry_number"]), uarn=uarn, postcode=cell["postcode"].upper(),
                      effective_date=effective, composite=bool(composite),
                      rateable_value=int(value) if value else None,
                      assessment_reference=cell["assessment_reference"], alteration_date=days["alteration_date"],
                      current_from=days["current_from"], current_to=days["current_to"], **text)


def parse_rating_list(name: str, data: bytes, list_year: int | None = None, layout: ListLayout | None = None
                      ) -> RatingListFile:
    """The list entries in ``data`` (the file's bytes), every line checked.

    ``list_year``: the list (2023, 2026...); by default the one the file name gives.

    :raises ImportRejected: anything wrong; every fault is listed.
    """
    layout = layout or list_layout()
    year, starts, ends, text = open_list_file(name, data, layout, list_year, "list entries")
    checks = Problems(name)
    records: list[ListRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for first, last, body in _physical_records(text, layout, checks):
        cell = _fields(first, last, body, layout, checks)
        record = _record(first, last, cell, layout, starts, ends, checks) if cell is not None else None
        if record is None:
            continue
        key = (record.uarn, record.assessment_reference)
        if key in seen:
            checks.add(first, "uarn", f"UARN {record.uarn} assessment {record.assessment_reference or '(none)'} "
                                      f"is also on line {seen[key]}: which is current?")
            continue
        seen[key] = first
        records.append(record)
    checks.finish()
    identity = content_identity(f"voa/nndr-list/{year}", (record.meaning() for record in records))
    return RatingListFile(name, year, starts, identity, tuple(records), bytes_hash(data),
                          tuple((r.line, r.last_line) for r in records if r.last_line != r.line))


def read_rating_list(path: Path, list_year: int | None = None, layout: ListLayout | None = None) -> RatingListFile:
    return parse_rating_list(path.name, path.read_bytes(), list_year, layout)
