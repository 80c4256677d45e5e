"""Who changed a document, from the audit trail: ``python -m revtui.store history STORE REFERENCE``.

A document is named by its reference (any table with a ``reference`` look-up: accounts,
properties ...) or as ``TABLE:ID``. The report reads the store read-only.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import datetime
from pathlib import Path

import orjson

from .audit import AuditEntry
from .errors import NotFoundError
from .indexes import normalise_text
from .integrity import connect_read_only

__all__ = ["changes_to", "describe_changes"]


def changes_to(store: str | os.PathLike[str], name: str) -> dict[tuple[str, int], list[AuditEntry]]:
    """Every audit entry of the documents ``name`` designates, oldest first, by (table, id)."""
    with connect_read_only(Path(store)) as conn:
        table, _, number = name.rpartition(":")
        if table and number.isdigit():
            targets = [(table, int(number))]
        else:
            targets = list(conn.execute(
                "SELECT DISTINCT tbl, doc_id FROM lookups WHERE idx='reference' AND value=? ORDER BY tbl, doc_id",
                (normalise_text(name),),
            ))
        found = {}
        for tbl, doc_id in targets:
            rows = conn.execute(
                "SELECT version, action, who, at, reason, changes FROM audit WHERE tbl=? AND doc_id=? ORDER BY seq",
                (tbl, doc_id),
            ).fetchall()
            if rows:
                found[(tbl, doc_id)] = [
                    AuditEntry(tbl, doc_id, version, action, who, datetime.fromisoformat(at), reason,
                               tuple(orjson.loads(changes)))
                    for version, action, who, at, reason, changes in rows
                ]
    if not found:
        raise NotFoundError(f"{store}: no document with reference {name!r} (or give TABLE:ID)")
    return found


def describe_changes(found: dict[tuple[str, int], list[AuditEntry]]) -> str:
    """Who changed each document (how often, last when), then every change with its fields."""
    lines = []
    for (tbl, doc_id), entries in found.items():
        lines.append(f"{tbl} document {doc_id}: {len(entries)} change(s)")
        last = {e.who: e.at for e in entries}
        for who, count in Counter(e.who for e in entries).most_common():
            lines.append(f"  {who}: {count} change(s), the last at {last[who]:%Y-%m-%d %H:%M:%S}")
        lines.extend("  " + line for e in entries for line in e.describe().splitlines())
    return "\n".join(lines)
