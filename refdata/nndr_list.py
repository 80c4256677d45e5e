"""The layout of the Valuation Office's rating list entries file (``refdata/tables/voa/nndr_list_layout.toml``).

Field positions, lengths, the delimiter, the encoding and the lists' first days are read from
the table, never fixed in code, so a re-issued VOA specification is a change to the table.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

import attrs

from refdata import DataError, load_toml, parse_date
from refdata.unverified import marks

__all__ = ["LIST_FIELDS", "ListLayout", "list_layout"]

LIST_FIELDS = (
    "entry_number", "ba_code", "community_code", "ba_reference", "description_code", "description", "uarn",
    "address", "firm_name", "number_or_name", "street", "town", "postal_district", "county", "postcode",
    "effective_date", "composite", "rateable_value", "settlement_code", "assessment_reference", "alteration_date",
    "scat_code", "sub_street_3", "sub_street_2", "sub_street_1", "case_number", "current_from", "current_to",
)
"""Every field of a list entry record, by our name (``docs/business-rates.md``)."""


@attrs.frozen
class ListLayout:
    delimiter: str
    encoding: str
    fields: int
    """How many fields a record has (the trailing delimiter aside)."""
    trailing_delimiter: bool
    record_start: re.Pattern[str]
    list_year_in_name: re.Pattern[str]
    columns: dict[str, int]
    """Our field -> its 0-based index in the split record."""
    lengths: dict[str, int]
    composite_values: frozenset[str]
    lists: dict[int, dt.date]
    """List year -> the day the list came into force."""
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)


def _pattern(text: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(text))
    except re.error as error:
        raise DataError(f"{where}: {text!r} is not a regular expression ({error})") from None


def list_layout(relative: str | Path = "voa/nndr_list_layout.toml", data_dir: Path | None = None) -> ListLayout:
    table = load_toml(relative, data_dir)
    where = str(relative)
    try:
        file, columns, lengths, composite, lists = (table["file"], table["columns"], table["lengths"],
                                                    table["composite"], table["lists"])
    except KeyError as missing:
        raise DataError(f"{where}: no [{missing.args[0]}] table") from None
    absent = [name for name in LIST_FIELDS if name not in columns]
    if absent:
        raise DataError(f"{where}: [columns] does not say where {', '.join(absent)} is")
    count = file.get("fields")
    if not isinstance(count, int) or count < 1:
        raise DataError(f"{where}: [file] fields must be the number of fields in a record")
    bad = [name for name in LIST_FIELDS if not isinstance(columns[name], int) or not 1 <= columns[name] <= count]
    if bad:
        raise DataError(f"{where}: [columns] {', '.join(bad)}: a position from 1 to {count}")
    if len({columns[name] for name in LIST_FIELDS}) != len(LIST_FIELDS):
        raise DataError(f"{where}: [columns] gives two fields the same position")
    try:
        codecs.lookup(str(file.get("encoding", "latin-1")))
    except LookupError:
        raise DataError(f"{where}: [file] encoding {file.get('encoding')!r} is not a known text encoding") from None
    years = {}
    for n, row in enumerate(lists):
        if not isinstance(row.get("year"), int):
            raise DataError(f"{where}: lists[{n}].year: a list year such as 2023")
        years[row["year"]] = parse_date(row.get("starts"), f"{where} lists[{n}].starts")
    delimiter = str(file.get("delimiter", "*"))
    if len(delimiter) != 1:
        raise DataError(f"{where}: [file] delimiter must be one character")
    return ListLayout(
        delimiter=delimiter,
        encoding=str(file.get("encoding", "latin-1")),
        fields=count,
        trailing_delimiter=bool(file.get("trailing_delimiter", True)),
        record_start=_pattern(file.get("record_start", ""), f"{where} [file] record_start"),
        list_year_in_name=_pattern(file.get("list_year_in_name", r"ndr-([0-9]{4})-"),
                                   f"{where} [file] list_year_in_name"),
        columns={name: columns[name] - 1 for name in LIST_FIELDS},
        lengths={str(name): int(size) for name, size in lengths.items()},
        composite_values=frozenset(str(v).upper() for v in composite.get("values", ())),
        lists=dict(sorted(years.items())),
        unverified={**marks(file), **{f"composite.{k}": v for k, v in marks(composite).items()}},
    )
