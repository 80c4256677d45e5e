"""Values not confirmed against the law, as the tables record them.

A table marks such a value with an ``unverified`` table beside it, in the same row, naming the
value's key and saying what was not confirmed and where the figure came from::

    notice_days = 14
    unverified = { notice_days = "SI 1992/613 reg. 20: the 14 days are stated by Shelter; number not read" }

The key ``"*"`` marks the whole row (or, at the top of a file, the whole table). The loaders
ignore these entries; :func:`unverified` lists them so an officer or an auditor can see which
figures a bill or a recovery step rests on that still need checking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import attrs

from refdata import TABLES_DIR, DataError, load_council_toml, load_toml

__all__ = ["Unverified", "marks", "unverified", "unverified_keys", "MARK"]

MARK = "unverified"
_LABELS = ("tax", "country", "service", "code", "name", "setting", "effective_from")


@attrs.frozen
class Unverified:
    """One value (or row, key ending ``*``) not confirmed: where it is, what it is, its source."""

    table: str
    """The file, relative to the tables (or, after ``council:``, to the council folder)."""
    key: str
    """Where the value is in the file, e.g. ``scheme[2].notice_days``."""
    row: str
    """What the row is about (its tax, country, code, effective date...), for reading."""
    value: Any
    source: str

    def describe(self) -> str:
        shown = "" if self.value is None else f" = {self.value!r}"
        about = f" ({self.row})" if self.row else ""
        return f"{self.table}: {self.key}{shown}{about}: {self.source}"


def marks(row: Any) -> dict[str, str]:
    """A row's ``unverified`` entries (key -> what is not confirmed, and the source); empty if none.

    Loaders put these on the objects they return, so the application can show them beside a value."""
    found = row.get(MARK, {}) if isinstance(row, dict) else {}
    return {str(key): str(source) for key, source in found.items()} if isinstance(found, dict) else {}


def _walk(table: str, node: Any, path: str) -> Iterator[Unverified]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(table, item, f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    marks = node.get(MARK)
    if marks is not None:
        if not isinstance(marks, dict) or not all(isinstance(v, str) and v.strip() for v in marks.values()):
            raise DataError(f"{table} {path or '(top)'}.{MARK}: give {{ key = \"what is not confirmed, and the source\" }}")
        row = ", ".join(str(node[k]) for k in _LABELS if k in node and not isinstance(node[k], (dict, list)))
        for key, source in marks.items():
            if key != "*" and key not in node:
                raise DataError(f"{table} {path or '(top)'}.{MARK}: marks {key!r}, which is not in the row")
            where = f"{path}.{key}" if path else key
            yield Unverified(table, where, row, None if key == "*" else node[key], source)
    for key, value in node.items():
        if key != MARK:
            yield from _walk(table, value, f"{path}.{key}" if path else key)


def unverified(council_folder: Path | None = None, tables: Path | None = None) -> list[Unverified]:
    """Every value the statutory tables mark unverified, and the council folder's too when given."""
    root = tables or TABLES_DIR
    found = [entry for path in sorted(root.rglob("*.toml"))
             for entry in _walk(path.relative_to(root).as_posix(), load_toml(path.relative_to(root), root), "")]
    if council_folder is not None:
        found += [entry for path in sorted(council_folder.rglob("*.toml"))
                  for entry in _walk(f"council:{path.relative_to(council_folder).as_posix()}",
                                     load_council_toml(path.relative_to(council_folder), council_folder), "")]
    return found


def unverified_keys(table: str, tables: Path | None = None) -> dict[str, str]:
    """``key -> source`` for one statutory table (``"instalments.toml"``), for showing beside a value."""
    return {entry.key: entry.source for entry in unverified(tables=tables) if entry.table == table}
