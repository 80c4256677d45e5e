"""The layout of a non-domestic change file / schedule of alterations
(``refdata/tables/voa/nndr_schedule_layout.toml``): the list entry record's layout
(:func:`refdata.nndr_list.list_layout`) with the change and the hereditaments it replaces after it.
All of it is data: a real VOA layout, when known, is a change to the tables."""

from __future__ import annotations

from pathlib import Path

import attrs

from refdata import DataError, load_toml
from refdata.nndr_list import ListLayout, list_layout
from refdata.unverified import marks

__all__ = ["CHANGES", "ScheduleLayout", "schedule_layout"]

CHANGES = ("new", "altered", "deleted", "merged", "split")
"""What a change record can say, by our name."""

_FILE = "voa/nndr_schedule_layout.toml"


@attrs.frozen
class ScheduleLayout:
    record: ListLayout
    """The list entry layout, with ``change`` and ``replaces`` among its columns."""
    changes: dict[str, str]
    """Code in the file -> one of :data:`CHANGES`."""
    separator: str
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)


def schedule_layout(data_dir: Path | None = None) -> ScheduleLayout:
    base = list_layout(data_dir=data_dir)
    table = load_toml(_FILE, data_dir)
    try:
        count, columns, codes = table["file"]["fields"], table["columns"], table["changes"]
    except KeyError as missing:
        raise DataError(f"{_FILE}: no {missing.args[0]}") from None
    if not isinstance(count, int) or count < base.fields:
        raise DataError(f"{_FILE}: [file] fields must be at least the list record's {base.fields}")
    extra = {}
    for name in ("change", "replaces"):
        position = columns.get(name)
        if not isinstance(position, int) or not base.fields < position <= count:
            raise DataError(f"{_FILE}: [columns] {name} must be a position after the list record's "
                            f"{base.fields} fields, up to {count}")
        extra[name] = position - 1
    bad = [f"{code} = {change!r}" for code, change in codes.items() if change not in CHANGES]
    if bad:
        raise DataError(f"{_FILE}: [changes] {', '.join(bad)}: each must be one of {', '.join(CHANGES)}")
    separator = str(table.get("replaces", {}).get("separator", " "))
    if len(separator) != 1 or separator == base.delimiter:
        raise DataError(f"{_FILE}: [replaces] separator must be one character, not the delimiter")
    record = attrs.evolve(base, fields=count, columns={**base.columns, **extra})
    return ScheduleLayout(record, {str(k).upper(): str(v) for k, v in codes.items()}, separator, marks(table))
